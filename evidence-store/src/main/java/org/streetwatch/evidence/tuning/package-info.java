/**
 * Thresholds tuned from reviewers' decisions: the decided cases and near misses of a rule in a zone, with what the
 * rule measured on each ({@link org.streetwatch.detector.rule.Measurements}), replayed against candidate values of each
 * threshold ({@link org.streetwatch.evidence.tuning.Tuning}), read from the case database per rule, camera and zone
 * ({@link org.streetwatch.evidence.tuning.History}). Plain computation: the command and the page decide what to do
 * with the answer.
 */
package org.streetwatch.evidence.tuning;
