package org.streetwatch.detector.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.detector.inference.Detector;
import org.streetwatch.ingest.testing.SharedData;

/** A descriptor that does not match its network fails at start with one line that says what differs. */
class DescriptorMismatchTest {

    @TempDir
    Path dir;

    /** The built-in YOLOX descriptor with one edit, and the real weights beside it. */
    private Path edited(String from, String to) throws Exception {
        String yaml;
        try (var in = ModelCatalog.class.getResourceAsStream("/models/yolox_nano.yaml")) {
            yaml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(yaml).contains(from);
        Files.writeString(dir.resolve("yolox_nano.yaml"), yaml.replace(from, to));
        Path weights = dir.resolve("yolox_nano.onnx");
        if (!Files.exists(weights)) {
            Files.copy(SharedData.models().resolve("yolox_nano.onnx"), weights);
        }
        return dir;
    }

    private static String failure(Path dir) {
        ModelCatalog c = new ModelCatalog(List.of(dir));
        try {
            ModelDescriptor d = c.descriptor("yolox_nano");
            try (Detector det = Detector.open(d, c.weights(d), Detector.Options.defaults())) {
                throw new AssertionError("opened " + det.descriptor().name());
            }
        } catch (ModelException e) {
            assertThat(e.getMessage()).doesNotContain("\n");
            return e.getMessage();
        }
    }

    @Test
    void wrongInputName() throws Exception {
        assertThat(failure(edited("  name: images", "  name: input0")))
                .isEqualTo("model yolox_nano: the network has no input named 'input0'; its inputs are [images]");
    }

    @Test
    void wrongInputShape() throws Exception {
        assertThat(failure(edited("[1, 3, 416, 416]", "[1, 3, 640, 640]")))
                .isEqualTo("model yolox_nano: descriptor says input images shape is [1, 3, 640, 640] but the network "
                        + "has [1, 3, 416, 416]");
    }

    @Test
    void wrongClassCount() throws Exception {
        assertThat(failure(edited("toothbrush", "toothbrush, hair drier 2")))
                .isEqualTo("model yolox_nano: yolox decoder expects output [N, 3549, 86] for a 416x416 input, strides "
                        + "[8, 16, 32] and 81 classes, but the network outputs [1, 3549, 85]");
    }

    @Test
    void wrongChecksum() throws Exception {
        String f = failure(edited("sha256: 695e75", "sha256: 000000"));
        assertThat(f).startsWith("model yolox_nano: " + dir.resolve("yolox_nano.onnx") + " has SHA-256 695e75")
                .endsWith("(wrong or corrupt file)");
    }

    @Test
    void aFileThatIsNotAModel() throws Exception {
        Path d = edited("sha256: 695e750a5d5754bb5a8d5325643b59282191a7e7a564e435a415fd3c578eab14",
                "sha256: 039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81");
        Files.write(d.resolve("yolox_nano.onnx"), new byte[] {1, 2, 3});
        assertThat(failure(d)).startsWith("model yolox_nano: " + d.resolve("yolox_nano.onnx")
                + " is not a loadable ONNX model: ");
    }

    @Test
    void unknownKeyInADescriptor() throws Exception {
        assertThat(failure(edited("nms_iou: 0.45", "nms_iou: 0.45\nnms_iuo: 0.5")))
                .startsWith(dir.resolve("yolox_nano.yaml") + ": nms_iuo: unknown key (did you mean nms_iou?)");
    }
}
