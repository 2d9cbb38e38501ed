package org.streetwatch.daemon.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.streetwatch.daemon.config.ModelDirs;
import org.streetwatch.detector.analysis.MotionGate;
import org.streetwatch.detector.eval.Evaluation;
import org.streetwatch.detector.eval.GroundTruth;
import org.streetwatch.detector.inference.Detector;
import org.streetwatch.detector.inference.Tiling;
import org.streetwatch.detector.model.ModelCatalog;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.detector.track.Tracker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true, description = {
        "Scores a model and the tracker on a video against MOTChallenge ground truth (gt.txt):",
        "precision and recall of detections at IoU >= 0.5, and MOTA and IDF1 of tracks.",
        "Decoded frame n (0-based) is ground-truth frame n+1."})
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--model", defaultValue = "yolox_nano", paramLabel = "NAME", description = "Model (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--models", paramLabel = "DIR", description = "Models folder (default: $STREETWATCH_MODELS, then ./models)")
    Path models;

    @Option(names = "--video", required = true, paramLabel = "V", description = "The video")
    Path video;

    @Option(names = "--gt", required = true, paramLabel = "GT_TXT", description = "MOTChallenge gt.txt of the video")
    Path gt;

    @Option(names = "--class", defaultValue = "person", paramLabel = "CLASS", description = "Class scored (default: ${DEFAULT-VALUE})")
    String className;

    @Option(names = "--every", defaultValue = "1", paramLabel = "K", description = "Analyse every K-th frame (default: ${DEFAULT-VALUE})")
    int every;

    @Option(names = "--tiles", defaultValue = "none", paramLabel = "CxR",
            description = "Also detect on C x R overlapping tiles and merge (default: ${DEFAULT-VALUE})")
    String tiles;

    @Option(names = "--threshold", paramLabel = "S", description = "Score threshold of the class (default: the descriptor's)")
    Double threshold;

    @Option(names = "--gate", description = "Apply motion gating (default settings) and report what it skips")
    boolean gate;

    @Option(names = "--tracker", paramLabel = "KEY=VALUE", split = ",",
            description = "Tracker settings for this run, e.g. center_gate=1.5,max_missed_s=5 (see docs/CONFIG.md)")
    java.util.Map<String, String> trackerOverrides = new java.util.LinkedHashMap<>();

    @Option(names = "--gate-threshold", paramLabel = "F",
            description = "With --gate: fraction of changed pixels that counts as motion (default: the config default)")
    Double gateThreshold;

    @Option(names = "--skip-zero-conf", description = "Leave out ground-truth rows with conf 0 (MOT16 'ignore' rows)")
    boolean skipZeroConf;

    /** KEY=VALUE options as a YAML mapping, so they are checked like the config file. */
    private static tools.jackson.databind.JsonNode yaml(java.util.Map<String, String> kv) throws Exception {
        StringBuilder y = new StringBuilder("{");
        for (var e : kv.entrySet()) {
            y.append(y.length() > 1 ? ", " : "").append(e.getKey()).append(": ").append(e.getValue());
        }
        return org.streetwatch.config.YamlFiles.read(new java.io.ByteArrayInputStream(
                y.append('}').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)), "--tracker");
    }

    @Override
    public Integer call() throws Exception {
        if (every < 1) {
            throw new CommandFailure("--every must be at least 1");
        }
        for (Path p : List.of(video, gt)) {
            if (!Files.isRegularFile(p)) {
                throw new CommandFailure("no such file: " + p);
            }
        }
        ModelCatalog catalog = new ModelCatalog(models != null ? List.of(models) : ModelDirs.defaults());
        ModelDescriptor d = catalog.descriptor(model);
        if (!d.classes().contains(className)) {
            throw new CommandFailure("model " + model + " has no class '" + className + "'");
        }
        if (threshold != null) {
            java.util.Map<String, Double> t = new java.util.LinkedHashMap<>(d.classThresholds());
            t.put(className, threshold);
            d = new ModelDescriptor(d.name(), d.file(), d.sha256(), d.source(), d.license(), d.input(), d.output(),
                    d.classes(), d.kinds(), d.scoreThreshold(), t, d.nmsIou(), d.classAgnosticNms());
        }
        Tiling tiling;
        try {
            tiling = Tiling.parse(tiles);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage());
        }
        Tracker.Params params = Tracker.Params.of(Tracker.CONFIG.parse(yaml(trackerOverrides), "--tracker", ""));
        java.util.Map<String, String> gateSettings = new java.util.LinkedHashMap<>();
        if (gateThreshold != null) {
            gateSettings.put("threshold", gateThreshold.toString());
        }
        MotionGate.Params gateParams = MotionGate.Params.of(MotionGate.CONFIG.parse(yaml(gateSettings), "--gate", ""));
        Evaluation.Result r;
        try (Detector det = Detector.open(d, catalog.weights(d), Detector.Options.defaults()
                .withLowScore(params.lowScore()))) {
            r = Evaluation.run(det, tiling, video, GroundTruth.read(gt, skipZeroConf), className, every, params,
                    gate ? gateParams : null);
        }
        System.out.printf(Locale.ROOT, "model %s, video %s, %d frames, every %d, class %s, tiles %s%n", model,
                video.getFileName(), r.frames(), every, className, tiling.none() ? "none" : tiles);
        System.out.printf(Locale.ROOT, "detection: precision %.3f recall %.3f (TP %d, FP %d, FN %d)%n",
                r.detection().precision(), r.detection().recall(), r.detection().tp(), r.detection().fp(),
                r.detection().fn());
        System.out.printf(Locale.ROOT, "tracking: MOTA %.3f IDF1 %.3f (ID switches %d)%n", r.tracking().mota(),
                r.tracking().idf1(), r.tracking().switches());
        System.out.printf(Locale.ROOT, "inference: %.1f ms per inferred frame; %d of %d analysed frames skipped by "
                + "motion gating (%.1f %%)%n", r.inferenceMsPerFrame(), r.gated(), r.analysed(),
                100.0 * r.gated() / Math.max(1, r.analysed()));
        return 0;
    }
}
