/**
 * ONNX Runtime sessions: model loading and validation, preprocessing, batching pictures of many cameras, tiling,
 * classifiers.
 */
package org.streetwatch.detector.inference;
