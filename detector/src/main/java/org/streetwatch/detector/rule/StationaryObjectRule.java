package org.streetwatch.detector.rule;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.Settings;
import org.streetwatch.config.Type;
import org.streetwatch.config.Validator;
import org.streetwatch.detector.Box;
import org.streetwatch.detector.analysis.Observation;
import org.streetwatch.detector.background.StaticChange;
import org.streetwatch.detector.track.Track;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.detector.zone.ZoneType;

/**
 * Things left where they must not be, found without a detector that knows them: materials piled or goods put out in
 * a {@code no_storage} zone (乱堆物料, 暴露垃圾, 店外经营), laundry or banners in a {@code no_hanging} zone (沿街晾挂). A
 * new static thing ({@link StaticChange}) that stays {@code dwell_s}, covers {@code min_area} of the zone and is not a
 * person or vehicle the detector sees is a violation; its case carries a still of the zone before it appeared and
 * one with it. The long-term background holds the thing while its violation is open; the violation ends when the
 * zone matches its background again (the thing was taken away).
 */
public final class StationaryObjectRule implements Rule {

    public static final RuleType STORAGE = type("illegal_storage", ZoneType.NO_STORAGE);
    public static final RuleType HANGING = type("street_hanging", ZoneType.NO_HANGING);

    /** Longest side of the zone's grey picture: cells of 8 pixels, at most 16 x 16 of them. */
    private static final int PICTURE = 128;
    /** How often the still of the empty zone is renewed while nothing new stands in it. */
    private static final long BEFORE_EVERY_US = 15_000_000;

    private static RuleType type(String name, ZoneType watches) {
        return new RuleType(name, new ConfigDef()
                .define("enabled", Type.BOOLEAN, true, "Whether the rule runs")
                .define("dwell_s", Type.DOUBLE, 300.0, Validator.between(1, 86_400),
                        "Seconds a new thing must stay in a " + watches.key() + " zone")
                .define("min_area", Type.DOUBLE, 0.03, Validator.between(0.001, 1),
                        "Share of the zone the thing must cover")
                .define("learn_s", Type.DOUBLE, 1800.0, Validator.between(10, 7 * 86_400),
                        "Time constant of the long-term background (the empty zone), in seconds of camera time")
                .define("settle_s", Type.DOUBLE, 3.0, Validator.between(0.1, 600),
                        "Time constant of the short-term background: how soon a new thing counts as still")
                .define("texture", Type.DOUBLE, 8.0, Validator.between(1, 128),
                        "Grey-level spread above which an 8x8 patch is judged by its structure rather than brightness")
                .define("similarity", Type.DOUBLE, 0.5, Validator.between(0, 1),
                        "Correlation below which a textured patch has changed (light keeps it high)")
                .define("contrast", Type.DOUBLE, 25.0, Validator.between(1, 255),
                        "Grey levels beyond the zone's overall light change that make a flat patch changed")
                .define("structural", Type.DOUBLE, 0.25, Validator.between(0, 1),
                        "Share of the thing whose structure (not only brightness) must have changed")
                .define("ignore_kinds", Type.STRING_LIST, List.of("person", "bicycle", "motorbike", "car", "bus",
                        "truck"), "Detected kinds that are never the thing: left out, and one standing still "
                        + "restarts the clock under it")
                .define("cooldown_s", Type.DOUBLE, 600.0, Validator.between(0, 86_400),
                        "After a violation ends, no new one in the same zone for this long"),
                (cameraId, env) -> new StationaryObjectRule(name, watches, cameraId, env));
    }

    /** One zone's background pair and what it has seen. */
    private static final class Watch {
        final Zone zone;
        final int imageWidth;
        final int imageHeight;
        final Rect rect;
        final int width;
        final int height;
        final double scale;
        final StaticChange model;
        final boolean[] held;
        Still before;
        long beforeUs;
        Violation confirmed;
        long quietUntilUs = Long.MIN_VALUE;

        Watch(Zone zone, int w, int h) {
            this.zone = zone;
            this.imageWidth = w;
            this.imageHeight = h;
            double x1 = 1;
            double y1 = 1;
            double x2 = 0;
            double y2 = 0;
            for (int i = 0; i < zone.polygon().size(); i++) {
                x1 = Math.min(x1, zone.polygon().x(i));
                y1 = Math.min(y1, zone.polygon().y(i));
                x2 = Math.max(x2, zone.polygon().x(i));
                y2 = Math.max(y2, zone.polygon().y(i));
            }
            int rx = (int) Math.floor(x1 * w);
            int ry = (int) Math.floor(y1 * h);
            int rw = Math.max(1, Math.min(w, (int) Math.ceil(x2 * w)) - rx);
            int rh = Math.max(1, Math.min(h, (int) Math.ceil(y2 * h)) - ry);
            rect = new Rect(rx, ry, rw, rh);
            scale = Math.min(1.0, (double) PICTURE / Math.max(rw, rh));
            width = Math.max(StaticChange.CELL, (int) Math.round(rw * scale));
            height = Math.max(StaticChange.CELL, (int) Math.round(rh * scale));
            boolean[] inZone = new boolean[width * height];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    inZone[y * width + x] = zone.contains((rx + (x + 0.5) * rw / width) / w,
                            (ry + (y + 0.5) * rh / height) / h);
                }
            }
            model = new StaticChange(width, height, inZone);
            held = new boolean[(width / StaticChange.CELL) * (height / StaticChange.CELL)];
        }

        /** A normalised area of the picture from pixels of the zone's grey picture. */
        Box area(int[] b) {
            return new Box((float) ((rect.x() + b[0] * (double) rect.width() / width) / imageWidth),
                    (float) ((rect.y() + b[1] * (double) rect.height() / height) / imageHeight),
                    (float) ((rect.x() + b[2] * (double) rect.width() / width) / imageWidth),
                    (float) ((rect.y() + b[3] * (double) rect.height() / height) / imageHeight));
        }
    }

    private final String name;
    private final ZoneType watches;
    private final String cameraId;
    private final RuleEnv env;
    private final Map<String, Watch> watched = new HashMap<>();

    private StationaryObjectRule(String name, ZoneType watches, String cameraId, RuleEnv env) {
        this.name = name;
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
            boolean gone = zones.stream().noneMatch(z -> z.equals(w.zone)) || w.imageWidth != img.cols()
                    || w.imageHeight != img.rows();
            if (gone) {
                w.rect.close();
            }
            return gone;
        });
        for (Zone z : zones) {
            Watch w = watched.computeIfAbsent(z.id(), id -> new Watch(z, img.cols(), img.rows()));
            if (z.activeAt(o.wallMs())) {
                watch(o, w, o.scene().params(name, z), sink);
            }
        }
    }

    private void watch(Observation o, Watch w, Settings p, ViolationSink sink) {
        long now = o.nowUs();
        StaticChange.Params mp = new StaticChange.Params(micros(p.getDouble("dwell_s")), micros(p.getDouble("learn_s")),
                micros(p.getDouble("settle_s")), p.getDouble("texture"), p.getDouble("similarity"),
                p.getDouble("contrast"));
        StaticChange.Found f = w.model.update(now, grey(o.image(), w), cover(o, w, p.getStringList("ignore_kinds")), mp);
        double minArea = p.getDouble("min_area");
        boolean holds = f.cells() != null && f.share() >= minArea && f.structural() >= p.getDouble("structural");
        if (w.confirmed == null && holds && now >= w.quietUntilUs) {
            confirm(o, w, f, sink);
        } else if (w.confirmed != null && f.changing() < minArea / 2) {
            sink.ended(w.confirmed, now, o.wallMs());
            w.confirmed = null;
            w.quietUntilUs = now + micros(p.getDouble("cooldown_s"));
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

    private void confirm(Observation o, Watch w, StaticChange.Found f, ViolationSink sink) {
        Box area = w.area(f.bounds());
        float[] look = o.appearance(area);
        if (env.suppressions().suppressed(cameraId, name, w.zone.id(), area, o::appearance, o.wallMs())) {
            return;
        }
        long now = o.nowUs();
        long onset = Math.min(f.onsetUs(), now);
        String thing = watches == ZoneType.NO_HANGING ? "hanging" : "object";
        Still after = o.still(List.of(), w.zone, area, thing);
        List<Still> stills = w.before != null ? List.of(w.before, after) : List.of(after);
        w.confirmed = new Violation(cameraId + "-" + name + "-" + w.zone.id() + "-" + onset, cameraId, name,
                w.zone.id(), w.zone.type(), w.zone.place(), w.zone.unit(), onset, o.wallMs(onset), now, o.wallMs(),
                now, now, Map.of(thing, 1), List.of(), stills, true, area, look);
        sink.confirmed(w.confirmed);
    }

    /** The zone's picture, grey and scaled down, as plain numbers. */
    private static float[] grey(Mat img, Watch w) {
        float[] out = new float[w.width * w.height];
        try (Mat roi = img.apply(w.rect); Mat g = new Mat(); Mat small = new Mat();
             Size size = new Size(w.width, w.height)) {
            cvtColor(roi, g, COLOR_BGR2GRAY);
            resize(g, small, size, 0, 0, INTER_AREA);
            ByteBuffer px = small.createBuffer();
            int step = (int) small.step();
            for (int y = 0; y < w.height; y++) {
                for (int x = 0; x < w.width; x++) {
                    out[y * w.width + x] = px.get(y * step + x) & 0xff;
                }
            }
        }
        return out;
    }

    /**
     * Where people and vehicles the detector sees stand, in the zone's grey picture: their boxes widened a little
     * (a shadow, a bag held out), marked still once the tracker finds them stationary.
     */
    private static byte[] cover(Observation o, Watch w, List<String> kinds) {
        byte[] out = new byte[w.width * w.height];
        long stillUs = o.scene().tracker().stationaryMinUs();
        double toAnalysed = o.scale();
        double sx = (double) w.width / w.rect.width();
        double sy = (double) w.height / w.rect.height();
        for (Track t : o.tracks()) {
            if (!kinds.contains(t.kind())) {
                continue;
            }
            Box b = t.box().scale(toAnalysed);
            double padX = 0.15 * b.width();
            double padY = 0.05 * b.height();
            int x1 = (int) Math.max(0, Math.floor((b.x1() - padX - w.rect.x()) * sx));
            int y1 = (int) Math.max(0, Math.floor((b.y1() - padY - w.rect.y()) * sy));
            int x2 = (int) Math.min(w.width, Math.ceil((b.x2() + padX - w.rect.x()) * sx));
            int y2 = (int) Math.min(w.height, Math.ceil((b.y2() + padY - w.rect.y()) * sy));
            byte how = t.stationary(o.nowUs(), stillUs) ? StaticChange.STILL : StaticChange.PASSING;
            for (int y = y1; y < y2; y++) {
                for (int x = x1; x < x2; x++) {
                    out[y * w.width + x] = (byte) Math.max(out[y * w.width + x], how);
                }
            }
        }
        return out;
    }

    private static long micros(double seconds) {
        return (long) (seconds * 1e6);
    }

    @Override
    public void end(ViolationSink sink) {
        for (Watch w : watched.values()) {
            if (w.confirmed != null) {
                sink.ended(w.confirmed, w.confirmed.confirmUs(), w.confirmed.confirmWallMs());
            }
            w.rect.close();
        }
        watched.clear();
    }
}
