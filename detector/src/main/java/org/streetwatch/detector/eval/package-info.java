/**
 * Scoring detection and tracking against MOT ground truth: matching, precision and recall, MOTA and IDF1.
 */
package org.streetwatch.detector.eval;
