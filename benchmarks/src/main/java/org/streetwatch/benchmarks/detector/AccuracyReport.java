package org.streetwatch.benchmarks.detector;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.streetwatch.detector.analysis.MotionGate;
import org.streetwatch.detector.eval.Evaluation;
import org.streetwatch.detector.eval.GroundTruth;
import org.streetwatch.detector.inference.Detector;
import org.streetwatch.detector.inference.Tiling;
import org.streetwatch.detector.model.ModelCatalog;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.detector.testing.DynamicBatchModel;
import org.streetwatch.detector.track.Tracker;
import org.streetwatch.ingest.testing.Footage;
import org.streetwatch.ingest.testing.SharedData;

/**
 * Accuracy on the MOT15 ground truth of the shared footage: the reference configuration, then what can be gained
 * without training (score thresholds, tiles, a larger input for the same weights), the second model family, tracking
 * at one frame per second, and what motion gating skips and costs. Prints Markdown tables.
 *
 * <p>Usage: AccuracyReport
 */
public final class AccuracyReport {

    private record Clip(String video, String seq, int onePerSecond) {
    }

    private static final List<Clip> CLIPS = List.of(new Clip("vtest.avi", "PETS09-S2L1", 10),
            new Clip("tud_stadtmitte.mp4", "TUD-Stadtmitte", 25), new Clip("tud_campus.mp4", "TUD-Campus", 25));

    private AccuracyReport() {
    }

    public static void main(String[] args) throws Exception {
        ModelCatalog catalog = new ModelCatalog(List.of(SharedData.models()));
        ModelDescriptor yolox = catalog.descriptor("yolox_nano");
        Path anySize = DynamicBatchModel.of(catalog.weights(yolox), Footage.cache().resolve("yolox_nano_anysize.onnx"),
                true);
        Tracker.Params tracker = Tracker.Params.of(Tracker.CONFIG.defaults());
        Map<String, Object[]> configs = new LinkedHashMap<>();
        configs.put("YOLOX-Nano 416, score 0.30 (reference)", new Object[] {yolox, catalog.weights(yolox), Tiling.NONE});
        configs.put("score 0.40", new Object[] {threshold(yolox, 0.4), catalog.weights(yolox), Tiling.NONE});
        configs.put("score 0.50", new Object[] {threshold(yolox, 0.5), catalog.weights(yolox), Tiling.NONE});
        configs.put("tiles 2x1 + full view", new Object[] {yolox, catalog.weights(yolox), Tiling.parse("2x1")});
        configs.put("input 512 (same weights)", new Object[] {size(yolox, 512), anySize, Tiling.NONE});
        configs.put("input 640 (same weights)", new Object[] {size(yolox, 640), anySize, Tiling.NONE});
        ModelDescriptor fd = catalog.descriptor("fastestdet_352");
        configs.put("FastestDet 352, score 0.50", new Object[] {fd, catalog.weights(fd), Tiling.NONE});

        System.out.println("| configuration | clip | precision | recall | F1 | ms per frame |");
        System.out.println("|---|---|---|---|---|---|");
        for (Map.Entry<String, Object[]> c : configs.entrySet()) {
            ModelDescriptor d = (ModelDescriptor) c.getValue()[0];
            Path w = (Path) c.getValue()[1];
            Tiling t = (Tiling) c.getValue()[2];
            try (Detector det = Detector.open(d, w, Detector.Options.defaults().withLowScore(0.1))) {
                for (Clip clip : CLIPS) {
                    Evaluation.Result r = Evaluation.run(det, t, SharedData.video(clip.video()), gt(clip), "person", 1,
                            tracker, null);
                    double p = r.detection().precision();
                    double rc = r.detection().recall();
                    System.out.printf(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.3f | %.1f |%n", c.getKey(),
                            clip.video(), p, rc, 2 * p * rc / (p + rc), r.inferenceMsPerFrame());
                }
            }
        }
        System.out.println();
        System.out.println("| clip | frames analysed | MOTA | IDF1 | ID switches |");
        System.out.println("|---|---|---|---|---|");
        try (Detector det = Detector.open(yolox, catalog.weights(yolox), Detector.Options.defaults().withLowScore(0.1))) {
            for (Clip clip : CLIPS) {
                for (int every : new int[] {1, clip.onePerSecond()}) {
                    Evaluation.Result r = Evaluation.run(det, Tiling.NONE, SharedData.video(clip.video()), gt(clip),
                            "person", every, tracker, null);
                    System.out.printf(Locale.ROOT, "| %s | %s | %.3f | %.3f | %d |%n", clip.video(),
                            every == 1 ? "all" : "1 per second", r.tracking().mota(), r.tracking().idf1(),
                            r.tracking().switches());
                }
            }
            System.out.println();
            System.out.println("| motion threshold | clip (1 frame/s) | frames skipped | recall with gating | "
                    + "recall without | recall cost |");
            System.out.println("|---|---|---|---|---|---|");
            for (double th : new double[] {0.003, 0.01, 0.03}) {
                MotionGate.Params gate = MotionGate.Params.of(MotionGate.CONFIG.parse(
                        org.streetwatch.config.YamlFiles.read(new java.io.ByteArrayInputStream(
                                ("threshold: " + th).getBytes()), "gate"), "gate", ""));
                for (Clip clip : CLIPS) {
                    Evaluation.Result off = Evaluation.run(det, Tiling.NONE, SharedData.video(clip.video()), gt(clip),
                            "person", clip.onePerSecond(), tracker, null);
                    Evaluation.Result on = Evaluation.run(det, Tiling.NONE, SharedData.video(clip.video()), gt(clip),
                            "person", clip.onePerSecond(), tracker, gate);
                    System.out.printf(Locale.ROOT, "| %.3f | %s | %d of %d (%.0f %%) | %.3f | %.3f | %.3f |%n", th,
                            clip.video(), on.gated(), on.analysed(), 100.0 * on.gated() / on.analysed(),
                            on.detection().recall(), off.detection().recall(),
                            off.detection().recall() - on.detection().recall());
                }
            }
        }
    }

    private static GroundTruth gt(Clip c) throws Exception {
        return GroundTruth.read(SharedData.require("data/annotations/mot15/" + c.seq() + "/gt/gt.txt"));
    }

    private static ModelDescriptor threshold(ModelDescriptor d, double t) {
        Map<String, Double> th = new LinkedHashMap<>(d.classThresholds());
        th.put("person", t);
        return new ModelDescriptor(d.name(), d.file(), d.sha256(), d.source(), d.license(), d.input(), d.output(),
                d.classes(), d.kinds(), d.scoreThreshold(), th, d.nmsIou(), d.classAgnosticNms());
    }

    private static ModelDescriptor size(ModelDescriptor d, long side) {
        List<Long> shape = new ArrayList<>(List.of(1L, 3L, side, side));
        ModelDescriptor.Input in = new ModelDescriptor.Input(d.input().name(), shape, d.input().layout(),
                d.input().color(), d.input().scale(), d.input().mean(), d.input().std(), d.input().resize(),
                d.input().align(), d.input().fill(), d.input().fit());
        return new ModelDescriptor(d.name() + "_" + side, "yolox_nano_anysize.onnx", d.sha256(), d.source(),
                d.license(), in, d.output(), d.classes(), d.kinds(), d.scoreThreshold(), d.classThresholds(),
                d.nmsIou(), d.classAgnosticNms());
    }
}
