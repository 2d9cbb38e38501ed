package org.streetwatch.daemon.config;

import java.util.List;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.Type;
import org.streetwatch.config.Validator;
import org.streetwatch.daemon.fleet.ClusterOptions;
import org.streetwatch.detector.DetectorConfig;
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
    public static final String MOTION = "motion";
    public static final String CAMERA_CHECK = "camera_check";
    public static final String SAMPLING = "sampling";
    public static final String CAMERAS = "cameras";

    public static final String ID = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";
    static final Validator ID_VALIDATOR = Validator.matches(ID, "1-64 letters, digits, '_', '-', '.'");

    private Schema() {
    }

    static ConfigDef http() {
        return HttpConfig.CONFIG;
    }

    static ConfigDef detector() {
        return DetectorConfig.CONFIG;
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

    static ConfigDef rules(List<RuleType<?>> types) {
        ConfigDef def = new ConfigDef();
        for (RuleType<?> t : types) {
            def.defineNested(t.name(), Type.OBJECT, t.config(), "Settings of the " + t.name() + " rule");
        }
        return def;
    }

    /** One zone of a camera (the zone editor checks what it saves against it). */
    public static ConfigDef zone(List<RuleType<?>> types) {
        return ZoneSection.config(types);
    }

    static ConfigDef camera(List<RuleType<?>> types) {
        return CameraSection.config(types);
    }

    /** The whole file. */
    public static ConfigDef root(List<RuleType<?>> types) {
        return new ConfigDef()
                .defineNested(HTTP, Type.OBJECT, http(), "Review page, API and metrics server")
                .defineNested(DETECTOR, Type.OBJECT, detector(), "Model and inference")
                .defineNested(INGEST, Type.OBJECT, ingest(), "Camera connections, rings and sampling")
                .defineNested(EVIDENCE, Type.OBJECT, evidence(), "Evidence folder and case database")
                .defineNested(REVIEW, Type.OBJECT, review(), "Review of cases by people")
                .defineNested(EXPORT, Type.OBJECT, export(), "Export of confirmed cases to the command centre")
                .defineNested(DISPOSITIONS, Type.OBJECT, dispositions(),
                        "What the command centre did with exported cases: dispatched, handled (read at start)")
                .defineNested(CLUSTER, Type.OBJECT, cluster(), "Several nodes sharing the cameras (off: one node)")
                .defineNested(TRACKER, Type.OBJECT, Tracker.CONFIG, "Object tracking")
                .defineNested(MOTION, Type.OBJECT, MotionGate.CONFIG, "Motion gating: skip inference on still pictures")
                .defineNested(SAMPLING, Type.OBJECT, SamplingPolicy.CONFIG,
                        "Each camera analysed as often as the rules active in its zones need")
                .defineNested(CAMERA_CHECK, Type.OBJECT, AimCheck.CONFIG,
                        "Cameras moved, covered or blurred: zones follow a small shift, rules pause otherwise")
                .defineNested(RULES, Type.OBJECT, rules(types), "The violation rules")
                .defineNested(CAMERAS, Type.OBJECT_LIST, camera(types), "The cameras");
    }
}
