/**
 * Model descriptors (models/*.yaml): input size, layout, classes, and where the weights are; weights are never
 * committed.
 */
package org.streetwatch.detector.model;
