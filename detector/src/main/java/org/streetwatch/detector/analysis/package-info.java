/**
 * The analysis stage: owns the analysis threads, takes sampled pictures per camera, gates on motion, runs
 * detection (on the whole picture, or on the boxes of the zones due now), tracking and rules, and hands violations
 * to the sink.
 */
package org.streetwatch.detector.analysis;
