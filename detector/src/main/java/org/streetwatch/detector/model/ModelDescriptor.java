package org.streetwatch.detector.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.ConfigException;
import org.streetwatch.config.Settings;
import org.streetwatch.config.Type;
import org.streetwatch.config.Validator;

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

    public static final String NAME = "name";
    public static final String FILE = "file";
    public static final String SHA256 = "sha256";
    public static final String SOURCE = "source";
    public static final String LICENSE = "license";
    public static final String INPUT = "input";
    public static final String OUTPUT = "output";
    public static final String SCORE_THRESHOLD = "score_threshold";
    public static final String NMS_IOU = "nms_iou";
    public static final String CLASS_AGNOSTIC_NMS = "class_agnostic_nms";
    public static final String CLASSES = "classes";
    public static final String KINDS = "kinds";
    public static final String CLASS_THRESHOLDS = "class_thresholds";

    /** A descriptor file, {@code models/NAME.yaml}. */
    public static final ConfigDef CONFIG = new ConfigDef()
            .define(NAME, Type.STRING, ConfigDef.REQUIRED, Validator.NON_EMPTY, "Model name, the descriptor's file name")
            .define(FILE, Type.STRING, ConfigDef.REQUIRED, Validator.NON_EMPTY, "Weights file, relative to the models folder")
            .define(SHA256, Type.STRING, ConfigDef.REQUIRED, Validator.matches("[0-9a-fA-F]{64}", "64 hex digits"),
                    "SHA-256 of the weights file")
            .define(SOURCE, Type.STRING, ConfigDef.OPTIONAL, "Pinned download URL used by models/fetch")
            .define(LICENSE, Type.STRING, ConfigDef.OPTIONAL, "Licence of the weights")
            .defineNested(INPUT, Type.OBJECT, Input.CONFIG, "Input tensor and preprocessing")
            .defineNested(OUTPUT, Type.OBJECT, Output.CONFIG, "Output tensor and decoder")
            .define(SCORE_THRESHOLD, Type.DOUBLE, 0.3, Validator.between(0, 1), "Minimum score of a detection")
            .define(NMS_IOU, Type.DOUBLE, 0.45, Validator.between(0, 1), "IoU above which NMS suppresses the weaker box")
            .define(CLASS_AGNOSTIC_NMS, Type.BOOLEAN, false, "NMS across classes instead of within each class")
            .define(CLASSES, Type.STRING_LIST, ConfigDef.REQUIRED, "Class names in output order")
            .define(KINDS, Type.STRING_MAP, Map.of(), "Class name to the kind the rules use (person, bicycle, ...)")
            .define(CLASS_THRESHOLDS, Type.DOUBLE_MAP, Map.of(), "Per-class score thresholds");

    /** The descriptor a {@link #CONFIG} parse of {@code file} describes, cross-checked (classes named, sizes). */
    public static ModelDescriptor of(Settings s, String file) throws ConfigException {
        Input input = Input.of(s.getObject(INPUT), file);
        Output output = Output.of(s.getObject(OUTPUT));
        if (input.fit() > 0 && output.decoder() != Decoder.YOLOX) {
            throw new ConfigException(file, INPUT + "." + Input.FIT, "is for the yolox decoder (its rows follow the "
                    + "input's size), not " + output.decoder().name().toLowerCase(Locale.ROOT));
        }
        for (int stride : output.strides()) {
            if (input.fit() % stride != 0) {
                throw new ConfigException(file, INPUT + "." + Input.FIT, "must be a multiple of every stride "
                        + output.strides() + " (each grid must divide the input), got " + input.fit());
            }
        }
        List<String> classes = s.getStringList(CLASSES);
        if (classes.isEmpty()) {
            throw new ConfigException(file, CLASSES, "expected at least one class name");
        }
        Map<String, String> kinds = s.getStringMap(KINDS);
        Map<String, Double> thresholds = s.getDoubleMap(CLASS_THRESHOLDS);
        for (Map.Entry<String, ? extends Map<String, ?>> named : Map.of(KINDS, kinds, CLASS_THRESHOLDS, thresholds)
                .entrySet()) {
            for (String cls : named.getValue().keySet()) {
                if (!classes.contains(cls)) {
                    throw new ConfigException(file, named.getKey() + "." + cls, "not one of the model's classes");
                }
            }
        }
        return new ModelDescriptor(s.getString(NAME), s.getString(FILE), s.getString(SHA256).toLowerCase(Locale.ROOT),
                s.getString(SOURCE), s.getString(LICENSE), input,
                output, List.copyOf(classes), new LinkedHashMap<>(kinds),
                s.getDouble(SCORE_THRESHOLD), new LinkedHashMap<>(thresholds), s.getDouble(NMS_IOU),
                s.getBoolean(CLASS_AGNOSTIC_NMS));
    }

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
     * @param fit    0, or the multiple of which a fully convolutional network takes any height and width up to the
     *               shape's: the input is then cut to the letterboxed picture (rounded up to it) rather than padded to
     *               the whole shape, so a 16:9 picture costs 16:9 of the pixels
     */
    public record Input(String name, List<Long> shape, String layout, String color, double scale, List<Double> mean,
                        List<Double> std, Resize resize, Align align, int fill, int fit) {

        public static final String NAME = "name";
        public static final String SHAPE = "shape";
        public static final String LAYOUT = "layout";
        public static final String COLOR = "color";
        public static final String SCALE = "scale";
        public static final String MEAN = "mean";
        public static final String STD = "std";
        public static final String RESIZE = "resize";
        public static final String ALIGN = "align";
        public static final String FILL = "fill";
        public static final String FIT = "fit";

        static final ConfigDef CONFIG = new ConfigDef()
                .define(NAME, Type.STRING, ConfigDef.REQUIRED, Validator.NON_EMPTY, "Name of the input tensor")
                .define(SHAPE, Type.DOUBLE_LIST, ConfigDef.REQUIRED, "Input shape, N C H W (or N H W C); -1 marks a dynamic dimension")
                .define(LAYOUT, Type.STRING, "NCHW", Validator.oneOf("nchw", "nhwc"), "Tensor layout")
                .define(COLOR, Type.STRING, "BGR", Validator.oneOf("bgr", "rgb"), "Channel order the network was trained on")
                .define(SCALE, Type.DOUBLE, 1.0, Validator.atLeast(0), "Pixel values 0..255 are multiplied by this")
                .define(MEAN, Type.DOUBLE_LIST, List.of(0.0, 0.0, 0.0), "Per-channel mean subtracted after scaling")
                .define(STD, Type.DOUBLE_LIST, List.of(1.0, 1.0, 1.0), "Per-channel divisor applied after the mean")
                .define(RESIZE, Type.STRING, "letterbox", Validator.oneOf("letterbox", "stretch"),
                        "letterbox keeps the aspect ratio and pads; stretch scales each axis")
                .define(ALIGN, Type.STRING, "top_left", Validator.oneOf("top_left", "center"), "Where a letterboxed picture sits")
                .define(FILL, Type.INT, 114, Validator.between(0, 255), "Padding value of the letterbox")
                .define(FIT, Type.INT, 0, Validator.between(0, 256),
                        "Fully convolutional: any height and width that are multiples of this (up to shape) run, and "
                        + "the input is fitted to the letterboxed picture; 0: the shape only");

        static Input of(Settings in, String file) throws ConfigException {
            List<Long> shape = new ArrayList<>();
            for (double d : in.getDoubleList(SHAPE)) {
                shape.add((long) d);
            }
            String where = INPUT + ".";
            if (shape.size() != 4) {
                throw new ConfigException(file, where + SHAPE, "expected 4 dimensions (N, C, H, W), got " + shape.size());
            }
            boolean nchw = in.getString(LAYOUT).equalsIgnoreCase("nchw");
            if (shape.get(nchw ? 1 : 3) != 3 || shape.get(nchw ? 2 : 1) <= 0 || shape.get(nchw ? 3 : 2) <= 0) {
                throw new ConfigException(file, where + SHAPE,
                        "expected 3 channels and a fixed height and width, got " + shape);
            }
            int fit = in.getInt(FIT);
            if (fit > 0 && (shape.get(nchw ? 2 : 1) % fit != 0 || shape.get(nchw ? 3 : 2) % fit != 0
                    || !in.getString(RESIZE).equalsIgnoreCase("letterbox")
                    || !in.getString(ALIGN).equalsIgnoreCase("top_left"))) {
                throw new ConfigException(file, where + FIT, "needs a letterbox at the top left and a height and "
                        + "width that are multiples of it, got " + shape + ", " + in.getString(RESIZE) + ", "
                        + in.getString(ALIGN));
            }
            for (String vec : new String[] {MEAN, STD}) {
                if (in.getDoubleList(vec).size() != 3) {
                    throw new ConfigException(file, where + vec, "expected 3 values, one per channel");
                }
            }
            return new Input(in.getString(NAME), List.copyOf(shape), in.getString(LAYOUT).toUpperCase(Locale.ROOT),
                    in.getString(COLOR).toUpperCase(Locale.ROOT), in.getDouble(SCALE), in.getDoubleList(MEAN),
                    in.getDoubleList(STD), Resize.valueOf(in.getString(RESIZE).toUpperCase(Locale.ROOT)),
                    Align.valueOf(in.getString(ALIGN).toUpperCase(Locale.ROOT)), in.getInt(FILL), fit);
        }

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

        public static final String NAME = "name";
        public static final String DECODER = "decoder";
        public static final String STRIDES = "strides";

        static final ConfigDef CONFIG = new ConfigDef()
                .define(NAME, Type.STRING, ConfigDef.REQUIRED, Validator.NON_EMPTY, "Name of the output tensor")
                .define(DECODER, Type.STRING, ConfigDef.REQUIRED,
                        Validator.oneOf("yolox", "fastestdet", "anchor_free", "classifier"),
                        "How to read the output")
                .define(STRIDES, Type.DOUBLE_LIST, List.of(8.0, 16.0, 32.0), "Feature-map strides (yolox)");

        static Output of(Settings out) {
            List<Integer> strides = new ArrayList<>();
            for (double d : out.getDoubleList(STRIDES)) {
                strides.add((int) d);
            }
            return new Output(out.getString(NAME), Decoder.valueOf(out.getString(DECODER).toUpperCase(Locale.ROOT)),
                    List.copyOf(strides));
        }
    }

    /** The score a detection of {@code className} needs to be reported. */
    public double threshold(String className) {
        Double t = classThresholds.get(className);
        return t != null ? t : scoreThreshold;
    }
}
