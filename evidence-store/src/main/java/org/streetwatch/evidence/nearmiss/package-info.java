/**
 * Near misses: candidates that reached part of a threshold, kept as bounded rows without evidence files so
 * tuning can see them.
 */
package org.streetwatch.evidence.nearmiss;
