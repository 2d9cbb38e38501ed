/**
 * Turning model outputs into scored, class-labelled boxes: anchor-free decoders for YOLOX and FastestDet,
 * candidates and non-maximum suppression.
 */
package org.streetwatch.detector.decode;
