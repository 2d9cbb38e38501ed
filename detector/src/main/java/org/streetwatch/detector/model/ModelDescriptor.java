package org.streetwatch.detector.model;

import java.util.List;
import java.util.Map;

/**
 * Everything streetwatch needs to run a detection network without code: how to feed it, how to read it, and what its
 * classes mean to the rules. Read from {@code models/NAME.yaml}; see models/README.md for every key.
 *
 * @param kinds           class name to rule kind (person, bicycle, truck, vending_prop, ...)
 * @param classThresholds per-class score thresholds overriding {@code scoreThreshold}
 */
public record ModelDescriptor(String name, String file, String sha256, String source, String license, Input input,
                              Output output, List<String> classes, Map<String, String> kinds,
                              double scoreThreshold, Map<String, Double> classThresholds, double nmsIou,
                              boolean classAgnosticNms) {

    /** How pictures become the input tensor. */
    public enum Resize {
        /** Scale to fit keeping the aspect ratio, pad the rest with {@code fill}. */
        LETTERBOX,
        /** Scale each axis to the input size. */
        STRETCH
    }

    /** Where a letterboxed picture sits in the input. */
    public enum Align {
        TOP_LEFT,
        CENTER
    }

    /** The output layouts streetwatch can read. */
    public enum Decoder {
        /** YOLOX: [N, anchors, 5 + classes], grid offsets and log sizes per stride, obj x cls. */
        YOLOX,
        /** FastestDet: [N, 5 + classes, H, W], one stride, normalised boxes, obj^0.6 x cls^0.4. */
        FASTESTDET,
        /** YOLOv8 / YOLO11 style: [N, 4 + classes, anchors] (or transposed), centre boxes in input pixels. */
        ANCHOR_FREE,
        /** An image classifier: [N, classes], probabilities or logits (a cargo judge, not a detector). */
        CLASSIFIER
    }

    /**
     * @param shape  N, C, H, W (or N, H, W, C); -1 for a dynamic dimension
     * @param color  "BGR" or "RGB"
     * @param scale  pixel values (0..255) are multiplied by this, then {@code (v - mean) / std} per channel
     */
    public record Input(String name, List<Long> shape, String layout, String color, double scale, List<Double> mean,
                        List<Double> std, Resize resize, Align align, int fill) {

        public boolean nchw() {
            return !"NHWC".equalsIgnoreCase(layout);
        }

        public int height() {
            return (int) (long) shape.get(nchw() ? 2 : 1);
        }

        public int width() {
            return (int) (long) shape.get(nchw() ? 3 : 2);
        }

        public boolean rgb() {
            return "RGB".equalsIgnoreCase(color);
        }

        /** True if the network takes any batch size. */
        public boolean dynamicBatch() {
            return shape.get(0) < 0;
        }
    }

    /** @param strides feature-map strides, for decoders that need them (YOLOX) */
    public record Output(String name, Decoder decoder, List<Integer> strides) {
    }

    /** The score a detection of {@code className} needs to be reported. */
    public double threshold(String className) {
        Double t = classThresholds.get(className);
        return t != null ? t : scoreThreshold;
    }
}
