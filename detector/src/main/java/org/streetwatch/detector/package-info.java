/**
 * Frames to detections to tracks to violations. Box and Detection are the values every stage passes on.
 */
package org.streetwatch.detector;
