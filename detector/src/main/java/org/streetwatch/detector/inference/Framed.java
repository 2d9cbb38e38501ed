package org.streetwatch.detector.inference;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A picture for the network and the largest scale it may be drawn at: a whole picture is letterboxed to fill the
 * input; a zone crop of a fully convolutional network's picture is kept at its picture's scale, so it costs its share
 * of the pixels rather than a whole input.
 */
record Framed(Mat image, double maxScale) {

    static Framed whole(Mat image) {
        return new Framed(image, Double.POSITIVE_INFINITY);
    }
}
