package org.streetwatch.detector.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.streetwatch.config.YamlFiles;
import org.streetwatch.hash.Sha256;
import tools.jackson.databind.JsonNode;

/**
 * Finds model descriptors ({@code NAME.yaml}) and their weights in the models folders, in order, then in the
 * descriptors built into the jar; checks each weights file against the descriptor's SHA-256.
 */
public final class ModelCatalog {

    static final ConfigDef INPUT = new ConfigDef()
            .define("name", Type.STRING, ConfigDef.REQUIRED, Validator.NON_EMPTY, "Name of the input tensor")
            .define("shape", Type.DOUBLE_LIST, ConfigDef.REQUIRED, "Input shape, N C H W (or N H W C); -1 marks a dynamic dimension")
            .define("layout", Type.STRING, "NCHW", Validator.oneOf("nchw", "nhwc"), "Tensor layout")
            .define("color", Type.STRING, "BGR", Validator.oneOf("bgr", "rgb"), "Channel order the network was trained on")
            .define("scale", Type.DOUBLE, 1.0, Validator.atLeast(0), "Pixel values 0..255 are multiplied by this")
            .define("mean", Type.DOUBLE_LIST, List.of(0.0, 0.0, 0.0), "Per-channel mean subtracted after scaling")
            .define("std", Type.DOUBLE_LIST, List.of(1.0, 1.0, 1.0), "Per-channel divisor applied after the mean")
            .define("resize", Type.STRING, "letterbox", Validator.oneOf("letterbox", "stretch"),
                    "letterbox keeps the aspect ratio and pads; stretch scales each axis")
            .define("align", Type.STRING, "top_left", Validator.oneOf("top_left", "center"), "Where a letterboxed picture sits")
            .define("fill", Type.INT, 114, Validator.between(0, 255), "Padding value of the letterbox");

    static final ConfigDef OUTPUT = new ConfigDef()
            .define("name", Type.STRING, ConfigDef.REQUIRED, Validator.NON_EMPTY, "Name of the output tensor")
            .define("decoder", Type.STRING, ConfigDef.REQUIRED,
                    Validator.oneOf("yolox", "fastestdet", "anchor_free", "classifier"),
                    "How to read the output")
            .define("strides", Type.DOUBLE_LIST, List.of(8.0, 16.0, 32.0), "Feature-map strides (yolox)");

    static final ConfigDef DESCRIPTOR = new ConfigDef()
            .define("name", Type.STRING, ConfigDef.REQUIRED, Validator.NON_EMPTY, "Model name, the descriptor's file name")
            .define("file", Type.STRING, ConfigDef.REQUIRED, Validator.NON_EMPTY, "Weights file, relative to the models folder")
            .define("sha256", Type.STRING, ConfigDef.REQUIRED, Validator.matches("[0-9a-fA-F]{64}", "64 hex digits"),
                    "SHA-256 of the weights file")
            .define("source", Type.STRING, ConfigDef.OPTIONAL, "Pinned download URL used by models/fetch")
            .define("license", Type.STRING, ConfigDef.OPTIONAL, "Licence of the weights")
            .defineNested("input", Type.OBJECT, INPUT, "Input tensor and preprocessing")
            .defineNested("output", Type.OBJECT, OUTPUT, "Output tensor and decoder")
            .define("score_threshold", Type.DOUBLE, 0.3, Validator.between(0, 1), "Minimum score of a detection")
            .define("nms_iou", Type.DOUBLE, 0.45, Validator.between(0, 1), "IoU above which NMS suppresses the weaker box")
            .define("class_agnostic_nms", Type.BOOLEAN, false, "NMS across classes instead of within each class")
            .define("classes", Type.STRING_LIST, ConfigDef.REQUIRED, "Class names in output order")
            .define("kinds", Type.STRING_MAP, Map.of(), "Class name to the kind the rules use (person, bicycle, ...)")
            .define("class_thresholds", Type.DOUBLE_MAP, Map.of(), "Per-class score thresholds");

    private final List<Path> dirs;

    /** @param dirs folders searched in order for descriptors and weights */
    public ModelCatalog(List<Path> dirs) {
        this.dirs = List.copyOf(dirs);
    }

    public List<Path> dirs() {
        return dirs;
    }

    /** Reads and checks {@code NAME.yaml}: from the first models folder that has it, else from the jar. */
    public ModelDescriptor descriptor(String name) throws ModelException {
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new ModelException("model name '" + name + "' may only contain letters, digits, '_', '-' and '.'");
        }
        try {
            for (Path dir : dirs) {
                Path yaml = dir.resolve(name + ".yaml");
                if (Files.isRegularFile(yaml)) {
                    return parse(YamlFiles.read(yaml), yaml.toString());
                }
            }
            try (InputStream in = ModelCatalog.class.getResourceAsStream("/models/" + name + ".yaml")) {
                if (in != null) {
                    return parse(YamlFiles.read(in, "models/" + name + ".yaml"), "models/" + name + ".yaml");
                }
            }
        } catch (ConfigException e) {
            throw new ModelException(e.getMessage(), e);
        } catch (IOException e) {
            throw new ModelException("model " + name + ": cannot read descriptor: " + e.getMessage(), e);
        }
        throw new ModelException("model " + name + ": no descriptor " + name + ".yaml in " + dirs
                + " or built in (built in: yolox_nano, fastestdet_352)");
    }

    /** Parses and cross-checks a descriptor tree. */
    static ModelDescriptor parse(JsonNode tree, String file) throws ConfigException {
        Settings s = DESCRIPTOR.parse(tree, file, "");
        Settings in = s.getObject("input");
        Settings out = s.getObject("output");
        List<Long> shape = new ArrayList<>();
        for (double d : in.getDoubleList("shape")) {
            shape.add((long) d);
        }
        if (shape.size() != 4) {
            throw new ConfigException(file, "input.shape", "expected 4 dimensions (N, C, H, W), got " + shape.size());
        }
        boolean nchw = in.getString("layout").equalsIgnoreCase("nchw");
        if (shape.get(nchw ? 1 : 3) != 3 || shape.get(nchw ? 2 : 1) <= 0 || shape.get(nchw ? 3 : 2) <= 0) {
            throw new ConfigException(file, "input.shape", "expected 3 channels and a fixed height and width, got " + shape);
        }
        List<String> classes = s.getStringList("classes");
        if (classes.isEmpty()) {
            throw new ConfigException(file, "classes", "expected at least one class name");
        }
        for (String key : new String[] {"kinds", "class_thresholds"}) {
            Map<String, ?> m = key.equals("kinds") ? s.getStringMap(key) : s.getDoubleMap(key);
            for (String cls : m.keySet()) {
                if (!classes.contains(cls)) {
                    throw new ConfigException(file, key + "." + cls, "not one of the model's classes");
                }
            }
        }
        for (String vec : new String[] {"mean", "std"}) {
            if (in.getDoubleList(vec).size() != 3) {
                throw new ConfigException(file, "input." + vec, "expected 3 values, one per channel");
            }
        }
        List<Integer> strides = new ArrayList<>();
        for (double d : out.getDoubleList("strides")) {
            strides.add((int) d);
        }
        ModelDescriptor.Input input = new ModelDescriptor.Input(in.getString("name"), List.copyOf(shape),
                in.getString("layout").toUpperCase(Locale.ROOT), in.getString("color").toUpperCase(Locale.ROOT),
                in.getDouble("scale"), in.getDoubleList("mean"), in.getDoubleList("std"),
                ModelDescriptor.Resize.valueOf(in.getString("resize").toUpperCase(Locale.ROOT)),
                ModelDescriptor.Align.valueOf(in.getString("align").toUpperCase(Locale.ROOT)), in.getInt("fill"));
        ModelDescriptor.Output output = new ModelDescriptor.Output(out.getString("name"),
                ModelDescriptor.Decoder.valueOf(out.getString("decoder").toUpperCase(Locale.ROOT)), List.copyOf(strides));
        return new ModelDescriptor(s.getString("name"), s.getString("file"), s.getString("sha256").toLowerCase(Locale.ROOT),
                s.getString("source"), s.getString("license"), input, output, List.copyOf(classes),
                new LinkedHashMap<>(s.getStringMap("kinds")), s.getDouble("score_threshold"),
                new LinkedHashMap<>(s.getDoubleMap("class_thresholds")), s.getDouble("nms_iou"),
                s.getBoolean("class_agnostic_nms"));
    }

    /** The weights file of a descriptor, from the first models folder that has it, checked against its SHA-256. */
    public Path weights(ModelDescriptor d) throws ModelException {
        for (Path dir : dirs) {
            Path f = dir.resolve(d.file());
            if (Files.isRegularFile(f)) {
                String actual = sha256(f);
                if (!actual.equals(d.sha256())) {
                    throw new ModelException("model " + d.name() + ": " + f + " has SHA-256 " + actual
                            + " but the descriptor expects " + d.sha256() + " (wrong or corrupt file)");
                }
                return f;
            }
        }
        throw new ModelException("model " + d.name() + ": weights file " + d.file() + " not found in " + dirs
                + "; run `models/fetch " + d.name() + "` or set STREETWATCH_MODELS to a folder that holds it");
    }

    public static String sha256(Path f) throws ModelException {
        try {
            return Sha256.of(f);
        } catch (IOException e) {
            throw new ModelException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }
}
