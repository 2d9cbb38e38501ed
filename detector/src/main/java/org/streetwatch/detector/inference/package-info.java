/**
 * ONNX Runtime sessions: model loading and validation, the lanes callers run in, preprocessing, batching pictures of
 * many cameras, packing zone crops of many cameras into one input (a mosaic), tiling, classifiers.
 */
package org.streetwatch.detector.inference;
