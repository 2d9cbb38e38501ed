package org.streetwatch.detector.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.detector.inference.Classifier;
import org.streetwatch.detector.model.ModelCatalog;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.detector.model.ModelException;
import org.streetwatch.detector.testing.TinyClassifier;
import org.streetwatch.violation.Violation;
import org.streetwatch.violation.ZoneType;

/**
 * What a bureau's classifier calls the thing a stationary-object rule finds, on plain 320x240 pictures of a paved
 * zone: a real (tiny) ONNX classifier labels a bright pile goods and a dark one garbage; without one the thing stays
 * an object; a descriptor that does not match its network is refused in one line.
 */
class StationaryObjectLabelTest {

    private static final int W = 320;
    private static final int H = 240;
    private static final Map<String, Object> QUICK = Map.of("dwell_s", 20, "learn_s", 300, "settle_s", 2,
            "labeler", TinyClassifier.NAME);

    @TempDir
    Path dir;

    /**
     * Grey paving of 5-pixel stones (a texture the zone's downscaled picture keeps); where {@code gain} is not 0, a
     * pile of another texture on it, its grey levels times {@code gain} plus {@code offset}.
     */
    private static Mat picture(double gain, double offset) {
        Random r = new Random(1);
        double[] paving = new double[(W / 5) * (H / 5)];
        double[] heap = new double[paving.length];
        for (int i = 0; i < paving.length; i++) {
            paving[i] = 120 + r.nextGaussian() * 25;
            heap[i] = 120 + r.nextGaussian() * 25;
        }
        byte[] px = new byte[W * H * 3];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double v = paving[(y / 5) * (W / 5) + x / 5];
                double p = heap[(y / 5) * (W / 5) + x / 5];
                if (gain != 0 && x >= 120 && x < 200 && y >= 120 && y < 200) {
                    v = p * gain + offset;
                }
                byte b = (byte) Math.max(0, Math.min(255, Math.round(v)));
                px[(y * W + x) * 3] = b;
                px[(y * W + x) * 3 + 1] = b;
                px[(y * W + x) * 3 + 2] = b;
            }
        }
        Mat m = new Mat(H, W, CV_8UC3);
        m.data().put(px);
        return m;
    }

    /** Ten seconds of empty paving, then the pile for a minute: the case the rule confirms. */
    private static Violation caseOf(RuleEnv env, Map<String, Object> settings, double gain, double offset) {
        RuleHarness h = pile(env, settings, gain, offset);
        assertThat(h.confirmed).hasSize(1);
        return h.confirmed.get(0);
    }

    private static RuleHarness pile(RuleEnv env, Map<String, Object> settings, double gain, double offset) {
        RuleHarness h = new RuleHarness(StationaryObjectRule.STORAGE, env, settings,
                RuleHarness.zone("z", ZoneType.NO_STORAGE, 0, 0, 1, 1));
        try (Mat empty = picture(0, 0); Mat pile = picture(gain, offset)) {
            for (int s = 0; s < 70; s++) {
                h.frame(s, s < 10 ? empty : pile, List.of());
            }
        }
        return h;
    }

    private Classifier open(UnaryOperator<String> edit) throws Exception {
        ModelCatalog c = new ModelCatalog(List.of(TinyClassifier.write(dir, edit)));
        ModelDescriptor d = c.descriptor(TinyClassifier.NAME);
        return Classifier.open(d, c.weights(d));
    }

    private static RuleEnv with(Classifier c) {
        RuleEnv plain = RuleEnv.standalone();
        return new RuleEnv(plain.suppressions(), plain.cargoJudges(), Map.of(TinyClassifier.NAME, c));
    }

    @Test
    void aBrightPileIsGoodsAndADarkOneGarbage() throws Exception {
        try (Classifier c = open(UnaryOperator.identity())) {
            Violation bright = caseOf(with(c), QUICK, 0.6, 150);
            assertThat(bright.counts()).containsOnlyKeys("goods").containsEntry("goods", 1);
            assertThat(bright.objects()).singleElement().asString().matches("goods (0\\.9\\d|1\\.00)");
            assertThat(bright.stills().get(bright.stills().size() - 1).marks()).singleElement()
                    .satisfies(m -> assertThat(m.caption()).isEqualTo(bright.objects().get(0)));
            Violation dark = caseOf(with(c), QUICK, 0.5, -35);
            assertThat(dark.counts()).containsOnlyKeys("garbage");
            assertThat(dark.objects()).singleElement().asString().matches("garbage (0\\.9\\d|1\\.00)");
        }
    }

    @Test
    void withoutALabelerTheThingIsAnObject() {
        Map<String, Object> unlabelled = Map.of("dwell_s", 20, "learn_s", 300, "settle_s", 2);
        Violation v = caseOf(RuleEnv.standalone(), unlabelled, 0.6, 150);
        assertThat(v.counts()).isEqualTo(Map.of("object", 1));
        assertThat(v.objects()).isEmpty();
    }

    @Test
    void aPileCoveringMoreThanHalfButNotAllOfMinAreaIsOneNearMiss() {
        Map<String, Object> unlabelled = Map.of("dwell_s", 20, "learn_s", 300, "settle_s", 2);
        double share = caseOf(RuleEnv.standalone(), unlabelled, 0.6, 150).measurements().get("min_area");
        Map<String, Object> larger = new java.util.HashMap<>(unlabelled);
        larger.put("min_area", Math.min(1, share * 1.5));
        RuleHarness near = pile(RuleEnv.standalone(), larger, 0.6, 150);
        assertThat(near.confirmed).isEmpty();
        assertThat(near.nearMisses).singleElement().satisfies(m -> {
            assertThat(m.reason()).startsWith("a new thing stood, covering");
            assertThat(m.measurements()).containsEntry("min_area", share).containsKey("dwell_s");
        });
        larger.put("min_area", Math.min(1, share * 3));
        assertThat(pile(RuleEnv.standalone(), larger, 0.6, 150).nearMisses).isEmpty();
    }

    @Test
    void aDescriptorThatDoesNotMatchItsNetworkIsRefusedInOneLine() {
        assertThatThrownBy(() -> open(y -> y.replace("goods]", "goods, banners]")))
                .isInstanceOf(ModelException.class)
                .hasMessage("model tiny_things: descriptor says output scores shape is [N, 5] (one score per class) "
                        + "but the network has [1, 4]");
        assertThatThrownBy(() -> open(y -> y.replace("[1, 3, 16, 16]", "[1, 3, 32, 32]")))
                .hasMessage("model tiny_things: descriptor says input image shape is [1, 3, 32, 32] but the network "
                        + "has [1, 3, 16, 16]");
        assertThatThrownBy(() -> open(y -> y.replace("decoder: classifier", "decoder: yolox")))
                .hasMessage("model tiny_things: a classifier needs decoder: classifier");
    }
}
