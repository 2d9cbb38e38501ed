package org.streetwatch.detector.rule;

import static org.streetwatch.detector.rule.RuleParams.ENABLED;
import static org.streetwatch.detector.rule.RuleParams.micros;


import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.Settings;
import org.streetwatch.config.Type;
import org.streetwatch.config.Validator;
import org.streetwatch.detector.analysis.Observation;
import org.streetwatch.detector.background.StaticChange;
import org.streetwatch.detector.background.ZonePicture;
import org.streetwatch.detector.inference.Classifier;
import org.streetwatch.detector.track.Track;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.Box;
import org.streetwatch.violation.NearMiss;
import org.streetwatch.violation.Still;
import org.streetwatch.violation.Violation;
import org.streetwatch.violation.ViolationSink;
import org.streetwatch.violation.ZoneType;

/**
 * Things left where they must not be, found without a detector that knows them: materials piled or goods put out in
 * a {@code no_storage} zone (乱堆物料, 暴露垃圾, 店外经营), laundry or banners in a {@code no_hanging} zone (沿街晾挂). A
 * new static thing ({@link StaticChange}) that stays {@code dwell_s}, covers {@code min_area} of the zone and is not a
 * person or vehicle the detector sees is a violation; its case carries a still of the zone before it appeared and
 * one with it, and what a bureau's classifier ({@code labeler}) calls the thing where one is named. The long-term background holds the thing while its violation is open; the violation ends when the
 * zone matches its background again (the thing was taken away).
 */
public final class StationaryObjectRule implements Rule {

    public static final String DWELL_S = "dwell_s";
    public static final String MIN_AREA = "min_area";
    public static final String LEARN_S = "learn_s";
    public static final String SETTLE_S = "settle_s";
    public static final String TEXTURE = "texture";
    public static final String SIMILARITY = "similarity";
    public static final String CONTRAST = "contrast";
    public static final String STRUCTURAL = "structural";
    public static final String IGNORE_KINDS = "ignore_kinds";
    public static final String COOLDOWN_S = "cooldown_s";
    public static final String LABELER = "labeler";

    /**
     * The rule's settings in force in one place.
     *
     * @param change  the background pair's settings (dwell, time constants, what counts as changed)
     * @param labeler the classifier that names the thing, or null
     */
    public record Params(boolean enabled, String eventCode, StaticChange.Params change, double minArea,
                         double structural, List<String> ignoreKinds, long cooldownUs, String labeler)
            implements RuleParams {

        public Params {
            ignoreKinds = List.copyOf(ignoreKinds);
        }

        public static Params of(Settings s) {
            return new Params(s.getBoolean(ENABLED), s.getString(EventCodes.SETTING), new StaticChange.Params(
                    micros(s, DWELL_S), micros(s, LEARN_S), micros(s, SETTLE_S), s.getDouble(TEXTURE),
                    s.getDouble(SIMILARITY), s.getDouble(CONTRAST)),
                    s.getDouble(MIN_AREA), s.getDouble(STRUCTURAL), s.getStringList(IGNORE_KINDS),
                    micros(s, COOLDOWN_S), s.getString(LABELER));
        }
    }

    public static final RuleType<Params> STORAGE = type("illegal_storage", ZoneType.NO_STORAGE, "0109", "市容环境 / 乱堆物料");
    public static final RuleType<Params> HANGING = type("street_hanging", ZoneType.NO_HANGING, "0110", "市容环境 / 沿街晾挂");

    /** Ground around the thing the labeler sees, in its widths and heights on each side (its edges, its shadow). */
    private static final float LABEL_MARGIN = 0.1f;

    /** How often the still of the empty zone is renewed while nothing new stands in it. */
    private static final long BEFORE_EVERY_US = 15_000_000;

    private static RuleType<Params> type(String name, ZoneType watches, String eventCode, String eventMeaning) {
        return new RuleType<>(name, new ConfigDef()
                .define(ENABLED, Type.BOOLEAN, true, "Whether the rule runs")
                .define(EventCodes.SETTING, Type.STRING, eventCode, EventCodes.CODE_FORMAT,
                        EventCodes.doc(eventMeaning))
                .define(DWELL_S, Type.DOUBLE, 300.0, Validator.between(1, 86_400),
                        "Seconds a new thing must stay in a " + watches.key() + " zone")
                .define(MIN_AREA, Type.DOUBLE, 0.03, Validator.between(0.001, 1),
                        "Share of the zone the thing must cover")
                .define(LEARN_S, Type.DOUBLE, 1800.0, Validator.between(10, 7 * 86_400),
                        "Time constant of the long-term background (the empty zone), in seconds of camera time")
                .define(SETTLE_S, Type.DOUBLE, 3.0, Validator.between(0.1, 600),
                        "Time constant of the short-term background: how soon a new thing counts as still")
                .define(TEXTURE, Type.DOUBLE, 8.0, Validator.between(1, 128),
                        "Grey-level spread above which an 8x8 patch is judged by its structure rather than brightness")
                .define(SIMILARITY, Type.DOUBLE, 0.5, Validator.between(0, 1),
                        "Correlation below which a textured patch has changed (light keeps it high)")
                .define(CONTRAST, Type.DOUBLE, 25.0, Validator.between(1, 255),
                        "Grey levels beyond the zone's overall light change that make a flat patch changed")
                .define(STRUCTURAL, Type.DOUBLE, 0.25, Validator.between(0, 1),
                        "Share of the thing whose structure (not only brightness) must have changed")
                .define(IGNORE_KINDS, Type.STRING_LIST, List.of("person", "bicycle", "motorbike", "car", "bus",
                        "truck"), "Detected kinds that are never the thing: left out, and one standing still "
                        + "restarts the clock under it")
                .define(COOLDOWN_S, Type.DOUBLE, 600.0, Validator.between(0, 86_400),
                        "After a violation ends, no new one in the same zone for this long")
                .define(LABELER, Type.STRING, ConfigDef.OPTIONAL, "Name of an ONNX classifier descriptor "
                        + "(decoder: classifier; classes such as materials, garbage, laundry, goods) whose best class "
                        + "and score name the thing in the case; unset: the thing is only '" + thing(watches) + "'"),
                Params::of, (type, cameraId, env) -> new StationaryObjectRule(type, watches, cameraId, env));
    }

    private static String thing(ZoneType watches) {
        return watches == ZoneType.NO_HANGING ? "hanging" : "object";
    }

    /** One zone's background pair and what it has seen. */
    private static final class Watch {
        final Zone zone;
        final ZonePicture picture;
        final StaticChange model;
        final boolean[] held;
        Still before;
        long beforeUs;
        Violation confirmed;
        long quietUntilUs = Long.MIN_VALUE;
        /** Onset of the last thing reported as a near miss, so one thing is reported once. */
        long nearMissOnsetUs = Long.MIN_VALUE;

        Watch(Zone zone, int w, int h) {
            this.zone = zone;
            this.picture = new ZonePicture(zone, w, h);
            this.model = new StaticChange(picture.width(), picture.height(), picture.inZone());
            this.held = new boolean[(picture.width() / StaticChange.CELL) * (picture.height() / StaticChange.CELL)];
        }
    }

    private final RuleType<Params> type;
    private final String name;
    private final ZoneType watches;
    private final String cameraId;
    private final RuleEnv env;
    private final Map<String, Watch> watched = new HashMap<>();

    private StationaryObjectRule(RuleType<Params> type, ZoneType watches, String cameraId, RuleEnv env) {
        this.type = type;
        this.name = type.name();
        this.watches = watches;
        this.cameraId = cameraId;
        this.env = env;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void evaluate(Observation o, ViolationSink sink) {
        if (!o.scene().enabled(name)) {
            return;
        }
        Mat img = o.image();
        List<Zone> zones = o.scene().zones(watches);
        watched.values().removeIf(w -> {
            boolean gone = zones.stream().noneMatch(z -> z.equals(w.zone)) || w.picture.imageWidth() != img.cols()
                    || w.picture.imageHeight() != img.rows();
            if (gone) {
                w.picture.close();
            }
            return gone;
        });
        for (Zone z : zones) {
            Watch w = watched.computeIfAbsent(z.id(), id -> new Watch(z, img.cols(), img.rows()));
            if (z.activeAt(o.wallMs())) {
                watch(o, w, o.scene().params(type, z), sink);
            }
        }
    }

    private void watch(Observation o, Watch w, Params p, ViolationSink sink) {
        long now = o.nowUs();
        byte[] cover = cover(o, w, p.ignoreKinds());
        StaticChange.Found f = w.model.update(now, w.picture.grey(o.image()), cover, p.change());
        double minArea = p.minArea();
        boolean holds = f.cells() != null && f.share() >= minArea && f.structural() >= p.structural();
        if (w.confirmed == null && holds && now >= w.quietUntilUs) {
            confirm(o, w, f, p, sink);
        } else if (w.confirmed == null && f.cells() != null && !holds && f.onsetUs() != w.nearMissOnsetUs
                && f.share() >= minArea / 2 && f.structural() >= p.structural() / 2) {
            nearMiss(o, w, f, minArea, sink);
        } else if (w.confirmed != null && f.changing() < minArea / 2) {
            sink.ended(w.confirmed, now, o.wallMs());
            w.confirmed = null;
            w.quietUntilUs = now + p.cooldownUs();
            java.util.Arrays.fill(w.held, false);
            w.model.hold(null);
        }
        if (w.confirmed != null && f.cells() != null) {
            for (int c = 0; c < w.held.length; c++) {
                w.held[c] |= f.cells()[c];
            }
            w.model.hold(w.held);
        }
        if (w.confirmed == null && f.changing() < minArea / 2
                && (w.before == null || now - w.beforeUs >= BEFORE_EVERY_US)) {
            w.before = o.still(List.of(), w.zone);
            w.beforeUs = now;
        }
    }

    private void confirm(Observation o, Watch w, StaticChange.Found f, Params p, ViolationSink sink) {
        Box area = w.picture.area(f.bounds());
        float[] look = o.appearance(area);
        if (env.suppressions().suppressed(cameraId, name, w.zone.id(), area, o::appearance, o.wallMs())) {
            return;
        }
        long now = o.nowUs();
        long onset = Math.min(f.onsetUs(), now);
        Label label = label(o, area, p.labeler());
        String thing = label != null ? label.name() : thing(watches);
        Still after = o.still(List.of(), w.zone, area, label != null ? label.toString() : thing);
        List<Still> stills = w.before != null ? List.of(w.before, after) : List.of(after);
        w.confirmed = new Violation(cameraId + "-" + name + "-" + w.zone.id() + "-" + onset, cameraId, name,
                w.zone.id(), w.zone.type(), w.zone.place(), w.zone.unit(), onset, o.wallMs(onset), now, o.wallMs(),
                now, now, Map.of(thing, 1), label != null ? List.of(label.toString()) : List.of(), stills, true, area,
                look).measured(measured(f, onset, now, label));
        sink.confirmed(w.confirmed);
    }

    /** A thing that stood {@code dwell_s} but covers less of the zone (or changed less) than the thresholds ask. */
    private void nearMiss(Observation o, Watch w, StaticChange.Found f, double minArea, ViolationSink sink) {
        w.nearMissOnsetUs = f.onsetUs();
        long now = o.nowUs();
        long onset = Math.min(f.onsetUs(), now);
        String reason = String.format(java.util.Locale.ROOT,
                "a new thing stood, covering %.1f %% of the zone (%.1f %% needed)", 100 * f.share(), 100 * minArea);
        sink.nearMiss(new NearMiss(cameraId, name, w.zone.id(), now, o.wallMs(), reason, measured(f, onset, now, null)));
    }

    /** The changed share of the zone, how structural the change is, how long it stood, and the label's probability. */
    private static Map<String, Double> measured(StaticChange.Found f, long onsetUs, long nowUs, Label label) {
        Measurements m = new Measurements().put(MIN_AREA, f.share()).put(STRUCTURAL, f.structural())
                .seconds(DWELL_S, onsetUs, nowUs);
        if (label != null) {
            m.put("label_score", label.score());
        }
        return m.toMap();
    }

    /** A labeler's best class for the thing, and its probability. */
    private record Label(String name, float score) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %.2f", name, score);
        }
    }

    /**
     * What the named labeler calls the thing, seen on the full-resolution picture with {@link #LABEL_MARGIN} of
     * street around it; null without a labeler (none named, or a name a reload added that was not loaded at start)
     * or when it cannot tell.
     */
    private Label label(Observation o, Box area, String labeler) {
        Classifier c = labeler != null ? env.labelers().get(labeler) : null;
        if (c == null) {
            return null;
        }
        Mat full = o.fullResolution();
        float mx = area.width() * LABEL_MARGIN;
        float my = area.height() * LABEL_MARGIN;
        Box seen = new Box((area.x1() - mx) * full.cols(), (area.y1() - my) * full.rows(),
                (area.x2() + mx) * full.cols(), (area.y2() + my) * full.rows());
        return c.classify(full, seen).map(prob -> {
            int best = 0;
            for (int i = 1; i < prob.length; i++) {
                best = prob[i] > prob[best] ? i : best;
            }
            return new Label(c.descriptor().classes().get(best), prob[best]);
        }).orElse(null);
    }

    /**
     * Where people and vehicles the detector sees stand, in the zone's grey picture: their boxes widened a little
     * (a shadow, a bag held out), marked still once the tracker finds them stationary.
     */
    private static byte[] cover(Observation o, Watch w, List<String> kinds) {
        ZonePicture z = w.picture;
        byte[] out = new byte[z.width() * z.height()];
        long stillUs = o.scene().tracker().stationaryMinUs();
        double toAnalysed = o.scale();
        for (Track t : o.tracks()) {
            if (!kinds.contains(t.kind())) {
                continue;
            }
            Box b = t.box().scale(toAnalysed);
            double padX = 0.15 * b.width();
            double padY = 0.05 * b.height();
            int x1 = (int) Math.max(0, Math.floor(z.x(b.x1() - padX)));
            int y1 = (int) Math.max(0, Math.floor(z.y(b.y1() - padY)));
            int x2 = (int) Math.min(z.width(), Math.ceil(z.x(b.x2() + padX)));
            int y2 = (int) Math.min(z.height(), Math.ceil(z.y(b.y2() + padY)));
            byte how = t.stationary(o.nowUs(), stillUs) ? StaticChange.STILL : StaticChange.PASSING;
            for (int y = y1; y < y2; y++) {
                for (int x = x1; x < x2; x++) {
                    out[y * z.width() + x] = (byte) Math.max(out[y * z.width() + x], how);
                }
            }
        }
        return out;
    }

    @Override
    public void end(ViolationSink sink) {
        for (Watch w : watched.values()) {
            if (w.confirmed != null) {
                sink.ended(w.confirmed, w.confirmed.confirmUs(), w.confirmed.confirmWallMs());
            }
            w.picture.close();
        }
        watched.clear();
    }
}
