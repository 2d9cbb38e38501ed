package org.streetwatch.detector.inference;

/**
 * How an image was placed into the network input: input = image * scale + pad, per axis. Decoders produce boxes in
 * input pixels; this maps them back to the image's pixels.
 *
 * @param inputWidth  the input's width in this run (a fully convolutional network's may be less than its shape's)
 * @param inputHeight the input's height in this run
 */
public record Geometry(double scaleX, double scaleY, double padX, double padY, int imageWidth, int imageHeight,
                       int inputWidth, int inputHeight) {

    public double toImageX(double inputX) {
        return (inputX - padX) / scaleX;
    }

    public double toImageY(double inputY) {
        return (inputY - padY) / scaleY;
    }
}
