package org.streetwatch.daemon.config;

import java.util.List;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.Type;
import org.streetwatch.config.Validator;
import org.streetwatch.daemon.fleet.ClusterOptions;
import org.streetwatch.detector.aim.AimCheck;
import org.streetwatch.detector.analysis.MotionGate;
import org.streetwatch.detector.sampling.SamplingPolicy;
import org.streetwatch.detector.rule.RuleType;
import org.streetwatch.detector.track.Tracker;
import org.streetwatch.evidence.disposition.DispositionsConfig;
import org.streetwatch.evidence.export.ExportConfig;
import org.streetwatch.evidence.store.EvidenceConfig;
import org.streetwatch.ingest.camera.IngestConfig;
import org.streetwatch.review.api.ReviewConfig;
import org.streetwatch.review.http.HttpConfig;

/**
 * Every setting of streetwatch.yaml, declared once. {@code streetwatch config docs} prints this as the reference
 * (docs/CONFIG.md); the rules and the tracker declare their own settings next to their code.
 */
public final class Schema {

    public static final String HTTP = "http";
    public static final String DETECTOR = "detector";
    public static final String INGEST = "ingest";
    public static final String EVIDENCE = "evidence";
    public static final String REVIEW = "review";
    public static final String EXPORT = "export";
    public static final String DISPOSITIONS = "dispositions";
    public static final String CLUSTER = "cluster";
    public static final String RULES = "rules";
    public static final String TRACKER = "tracker";
    public static final String CAMERAS = "cameras";

    public static final String ID = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";
    static final Validator ID_VALIDATOR = Validator.matches(ID, "1-64 letters, digits, '_', '-', '.'");

    private Schema() {
    }

    static ConfigDef http() {
        return HttpConfig.CONFIG;
    }

    static ConfigDef detector() {
        return new ConfigDef()
                .define("model", Type.STRING, "yolox_nano", ID_VALIDATOR,
                        "Model descriptor name: models/NAME.yaml (built in: yolox_nano, fastestdet_352)")
                .define("models_dir", Type.STRING, "", "Folder with descriptors and weights; empty: $STREETWATCH_MODELS, then ./models")
                .define("threads", Type.INT, 1, Validator.between(0, 256),
                        "ONNX Runtime intra-op threads per inference (0: one per core)")
                .define("inter_threads", Type.INT, 1, Validator.between(1, 64),
                        "ONNX Runtime inter-op threads per inference")
                .define("sessions", Type.INT, 1, Validator.between(1, 16),
                        "Sessions of the model; more than one lets workers infer in parallel without sharing threads")
                .define("workers", Type.INT, 1, Validator.between(1, 64),
                        "Analysis threads: frames of different cameras analysed at once")
                .define("max_batch", Type.INT, 1, Validator.between(1, 64),
                        "Pictures per inference run, for models with a dynamic batch dimension")
                .define("max_wait_ms", Type.INT, 5, Validator.between(0, 1000),
                        "How long a batch waits for pictures from other cameras before it runs")
                .define("tiles", Type.STRING, "none", Validator.matches("none|[1-4]x[1-4]", "none or CxR, e.g. 2x1"),
                        "Also detect on C x R overlapping tiles of the full picture (small, distant objects)")
                .define("zone_crop", Type.BOOLEAN, false,
                        "Detect on the box the active zones cover (with room above them) where it is small: far zones' "
                        + "objects get more of the network's pixels")
                .define("zone_crop_max", Type.DOUBLE, 0.6, Validator.between(0.05, 1),
                        "Largest share of the picture that box may cover; beyond it the whole picture is used")
                .define("cuda", Type.BOOLEAN, false,
                        "Run the detector on the CUDA execution provider (GPU 0); refused at start without one");
    }

    static ConfigDef ingest() {
        return IngestConfig.CONFIG;
    }

    static ConfigDef evidence() {
        return EvidenceConfig.CONFIG;
    }

    static ConfigDef review() {
        return ReviewConfig.CONFIG;
    }

    static ConfigDef export() {
        return ExportConfig.CONFIG;
    }

    static ConfigDef dispositions() {
        return DispositionsConfig.CONFIG;
    }

    static ConfigDef cluster() {
        return ClusterOptions.CONFIG;
    }

    static ConfigDef schedule() {
        return ZoneSection.schedule();
    }

    static ConfigDef rules(List<RuleType> types) {
        ConfigDef def = new ConfigDef();
        for (RuleType t : types) {
            def.defineNested(t.name(), Type.OBJECT, t.config(), "Settings of the " + t.name() + " rule");
        }
        return def;
    }

    static ConfigDef zone(List<RuleType> types) {
        return ZoneSection.config(types);
    }

    static ConfigDef camera(List<RuleType> types) {
        return CameraSection.config(types);
    }

    /** The whole file. */
    public static ConfigDef root(List<RuleType> types) {
        return new ConfigDef()
                .defineNested(HTTP, Type.OBJECT, http(), "Review page, API and metrics server")
                .defineNested("detector", Type.OBJECT, detector(), "Model and inference")
                .defineNested(INGEST, Type.OBJECT, ingest(), "Camera connections, rings and sampling")
                .defineNested(EVIDENCE, Type.OBJECT, evidence(), "Evidence folder and case database")
                .defineNested(REVIEW, Type.OBJECT, review(), "Review of cases by people")
                .defineNested(EXPORT, Type.OBJECT, export(), "Export of confirmed cases to the command centre")
                .defineNested(DISPOSITIONS, Type.OBJECT, dispositions(),
                        "What the command centre did with exported cases: dispatched, handled (read at start)")
                .defineNested(CLUSTER, Type.OBJECT, cluster(), "Several nodes sharing the cameras (off: one node)")
                .defineNested("tracker", Type.OBJECT, Tracker.CONFIG, "Object tracking")
                .defineNested("motion", Type.OBJECT, MotionGate.CONFIG, "Motion gating: skip inference on still pictures")
                .defineNested("sampling", Type.OBJECT, SamplingPolicy.CONFIG,
                        "Each camera analysed as often as the rules active in its zones need")
                .defineNested("camera_check", Type.OBJECT, AimCheck.CONFIG,
                        "Cameras moved, covered or blurred: zones follow a small shift, rules pause otherwise")
                .defineNested("rules", Type.OBJECT, rules(types), "The violation rules")
                .defineNested(CAMERAS, Type.OBJECT_LIST, camera(types), "The cameras");
    }
}
