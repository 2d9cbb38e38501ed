/**
 * ONNX Runtime sessions: model loading and validation (a fully convolutional model's input freed, so it is fitted to
 * each picture), the lanes callers run in, preprocessing, batching pictures of many cameras, packing zone crops of
 * many cameras into one input (a mosaic), tiling, classifiers.
 */
package org.streetwatch.detector.inference;
