/**
 * Detector benchmarks: JMH stages, batch sweeps, accuracy on MOT15, scene-check and rule-step costs, each as
 * ratios against a baseline in the same run.
 */
package org.streetwatch.benchmarks.detector;
