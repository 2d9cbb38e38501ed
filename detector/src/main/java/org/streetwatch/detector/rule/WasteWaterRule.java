package org.streetwatch.detector.rule;

import static org.streetwatch.detector.rule.RuleParams.ENABLED;
import static org.streetwatch.detector.rule.RuleParams.micros;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_32SC2;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.accumulateWeighted;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.fillPoly;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.Settings;
import org.streetwatch.config.Type;
import org.streetwatch.config.Validator;
import org.streetwatch.detector.analysis.Observation;
import org.streetwatch.detector.track.Track;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.Box;
import org.streetwatch.violation.NearMiss;
import org.streetwatch.violation.Still;
import org.streetwatch.violation.Violation;
import org.streetwatch.violation.ViolationSink;
import org.streetwatch.violation.ZoneType;

/**
 * Waste water poured into a storm drain (乱倒污水), as cause and effect: a person reaches a {@code drain} zone while
 * the zone looks as its background model says (no patch), and while they are there or within {@code window_s} after,
 * a dark, wet-looking patch appears in the zone — pixels darker than the background by {@code darken} grey levels,
 * over at least {@code min_area} of the zone — and persists {@code persist_s}.
 *
 * <p>What else darkens a drain is told apart, not tuned away:
 * <ul>
 *   <li>an old puddle, stain or shade already there when the person arrives spoils that visit: it was not their doing;
 *   <li>light: the zone's darkening is measured against the surroundings' (a band one zone wide around it), so rain,
 *       dusk or a cloud darkening everything together cancels out, and a patch whose darkening spreads over more than
 *       {@code spread_max} of the surroundings is a shadow sweeping over, not water poured at the drain;
 *   <li>a vehicle stopping over the drain's surroundings within {@code window_s} before a patch appears: the patch is
 *       its shade;
 *   <li>every detected object's box (people, vehicles) is left out of the comparison: objects are darker than asphalt.
 * </ul>
 * A patch that holds with nobody near is a {@link NearMiss}, never a case, and the background takes it in: from then
 * on it is old. The background is a slow running average, learnt while nobody is near and no patch holds.
 */
public final class WasteWaterRule implements Rule {

    private static final Logger LOG = LoggerFactory.getLogger(WasteWaterRule.class);

    public static final String NAME = "waste_water_dumping";

    public static final String WINDOW_S = "window_s";
    public static final String PERSIST_S = "persist_s";
    public static final String DARKEN = "darken";
    public static final String MIN_AREA = "min_area";
    public static final String SPREAD_MAX = "spread_max";
    public static final String NEAR = "near";
    public static final String LEARN_RATE = "learn_rate";
    public static final String COOLDOWN_S = "cooldown_s";

    /** The rule's settings in force in one place. */
    public record Params(boolean enabled, String eventCode, long windowUs, long persistUs, int darken, double minArea,
                         double spreadMax, double near, double learnRate, long cooldownUs) implements RuleParams {

        public static Params of(Settings s) {
            return new Params(s.getBoolean(ENABLED), s.getString(EventCodes.SETTING), micros(s, WINDOW_S),
                    micros(s, PERSIST_S), s.getInt(DARKEN), s.getDouble(MIN_AREA), s.getDouble(SPREAD_MAX),
                    s.getDouble(NEAR), s.getDouble(LEARN_RATE), micros(s, COOLDOWN_S));
        }
    }

    public static final RuleType<Params> TYPE = new RuleType<>(NAME, new ConfigDef()
            .define(ENABLED, Type.BOOLEAN, true, "Whether the rule runs")
            .define(EventCodes.SETTING, Type.STRING, "0111", EventCodes.CODE_FORMAT,
                    EventCodes.doc("市容环境 / 倾倒污水"))
            .define(WINDOW_S, Type.DOUBLE, 60.0, Validator.between(1, 3600),
                    "The wet patch must appear within this long after a person was at the drain")
            .define(PERSIST_S, Type.DOUBLE, 10.0, Validator.between(0, 3600),
                    "Seconds the wet patch must persist")
            .define(DARKEN, Type.INT, 25, Validator.between(1, 255),
                    "Grey levels darker than the background (beyond the surroundings' change) that make a pixel wet")
            .define(MIN_AREA, Type.DOUBLE, 0.15, Validator.between(0.001, 1),
                    "Share of the drain zone that must look wet")
            .define(SPREAD_MAX, Type.DOUBLE, 0.35, Validator.between(0, 1),
                    "Share of the surroundings that may darken with the patch; more is a shadow, not water")
            .define(NEAR, Type.DOUBLE, 0.5, Validator.between(0, 10),
                    "A person is at the drain if their feet are within this many of their heights of the zone")
            .define(LEARN_RATE, Type.DOUBLE, 0.05, Validator.between(0.001, 1),
                    "How fast the background model follows the zone while it is quiet")
            .define(COOLDOWN_S, Type.DOUBLE, 600.0, Validator.between(0, 86_400),
                    "After a violation ends, no new one at the same drain for this long"),
            Params::of,
            (type, cameraId, env) -> new WasteWaterRule(cameraId, env));

    /** The light's change is measured as a brightness factor from 0 to MAX_GAIN in GAIN_STEPS steps. */
    private static final double MAX_GAIN = 3;
    private static final int GAIN_STEPS = 300;

    /** Kinds whose stopping by a drain casts a shade over it (and an operator model's muck_truck_* classes). */
    private static final Set<String> VEHICLES = Set.of("car", "truck", "bus", "motorbike");

    /** What the zone and its surroundings look like in one picture, against the background. */
    private record Look(double zoneShare, double bandShare, boolean visible) {

        /** The share of the zone wet with something poured there: darkening confined to the drain. */
        double patch(double spreadMax) {
            return visible && bandShare <= spreadMax ? zoneShare : 0;
        }
    }

    /** One drain's model and what happened there lately. */
    private static final class Drain implements AutoCloseable {
        final Zone zone;
        final int width;
        final int height;
        /** The zone's bounding box, in picture pixels. */
        final Rect rect;
        /** That box and around it the surroundings. */
        final Rect outer;
        /** In {@link #outer}'s pixels: 1 inside the zone polygon, 2 in the surroundings, 0 between. */
        final Mat regions;
        final int zoneArea;
        final int bandArea;
        final Mat background = new Mat();
        final Mat gray = new Mat();
        final Mat visible = new Mat();
        boolean learnt;
        long lastPersonUs = Long.MIN_VALUE;
        long personSinceUs = Long.MIN_VALUE;
        boolean arrivalJudged;
        boolean visitSpoiled;
        Still personStill;
        List<Track> people = List.of();
        long wetSinceUs = -1;
        long unblamedSinceUs = -1;
        long vehicleStoppedUs = Long.MIN_VALUE;
        Violation confirmed;
        long quietUntilUs = Long.MIN_VALUE;

        Drain(Zone zone, int w, int h) {
            this.zone = zone;
            this.width = w;
            this.height = h;
            int x1 = w;
            int y1 = h;
            int x2 = 0;
            int y2 = 0;
            for (int i = 0; i < zone.polygon().size(); i++) {
                int x = (int) Math.round(zone.polygon().x(i) * (w - 1));
                int y = (int) Math.round(zone.polygon().y(i) * (h - 1));
                x1 = Math.min(x1, x);
                y1 = Math.min(y1, y);
                x2 = Math.max(x2, x);
                y2 = Math.max(y2, y);
            }
            int zw = Math.max(1, x2 - x1 + 1);
            int zh = Math.max(1, y2 - y1 + 1);
            // the surroundings: a band one zone wide and tall on every side, as far as the picture goes
            int ox1 = Math.max(0, x1 - zw);
            int oy1 = Math.max(0, y1 - zh);
            int ox2 = Math.min(w, x1 + 2 * zw);
            int oy2 = Math.min(h, y1 + 2 * zh);
            rect = new Rect(x1, y1, zw, zh);
            outer = new Rect(ox1, oy1, ox2 - ox1, oy2 - oy1);
            regions = new Mat(outer.height(), outer.width(), CV_8UC1);
            try (Scalar band = new Scalar(2); Scalar none = new Scalar(0); Scalar inside = new Scalar(1);
                 Rect box = new Rect(x1 - ox1, y1 - oy1, zw, zh); Mat zoneBox = regions.apply(box);
                 Mat pts = new Mat(zone.polygon().size(), 1, CV_32SC2)) {
                regions.put(band);
                zoneBox.put(none);
                IntPointer ip = new IntPointer(pts.data());
                for (int i = 0; i < zone.polygon().size(); i++) {
                    ip.put(2L * i, (int) Math.round(zone.polygon().x(i) * (w - 1)) - ox1);
                    ip.put(2L * i + 1, (int) Math.round(zone.polygon().y(i) * (h - 1)) - oy1);
                }
                try (MatVector v = new MatVector(pts)) {
                    fillPoly(regions, v, inside);
                }
            }
            int zone1 = 0;
            int band2 = 0;
            ByteBuffer r = regions.createBuffer();
            for (int i = 0; i < outer.width() * outer.height(); i++) {
                int v = r.get((i / outer.width()) * (int) regions.step() + i % outer.width());
                zone1 += v == 1 ? 1 : 0;
                band2 += v == 2 ? 1 : 0;
            }
            zoneArea = Math.max(1, zone1);
            bandArea = band2;
        }

        /** True if a vehicle stopped by the drain within the window before {@code patchUs}, or since. */
        boolean shadeSince(long patchUs, long windowUs) {
            return vehicleStoppedUs != Long.MIN_VALUE && vehicleStoppedUs >= patchUs - windowUs;
        }

        boolean visitOpen(long now, long windowUs) {
            return lastPersonUs != Long.MIN_VALUE && now - lastPersonUs <= windowUs;
        }

        @Override
        public void close() {
            rect.close();
            outer.close();
            regions.close();
            background.close();
            gray.close();
            visible.close();
        }
    }

    private final String cameraId;
    private final RuleEnv env;
    private final Map<String, Drain> drains = new HashMap<>();

    private WasteWaterRule(String cameraId, RuleEnv env) {
        this.cameraId = cameraId;
        this.env = env;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void evaluate(Observation o, ViolationSink sink) {
        if (!o.scene().enabled(NAME)) {
            return;
        }
        Mat img = o.image();
        List<Zone> zones = o.scene().zones(ZoneType.DRAIN);
        drains.entrySet().removeIf(e -> {
            Drain d = e.getValue();
            boolean gone = zones.stream().noneMatch(z -> z.equals(d.zone)) || d.width != img.cols()
                    || d.height != img.rows();
            if (gone) {
                e.getValue().close();
            }
            return gone;
        });
        for (Zone z : zones) {
            Drain d = drains.computeIfAbsent(z.id(), id -> new Drain(z, img.cols(), img.rows()));
            if (z.activeAt(o.wallMs())) {
                watch(o, d, o.scene().params(TYPE, z), sink);
            }
        }
    }

    private void watch(Observation o, Drain d, Params p, ViolationSink sink) {
        long now = o.nowUs();
        long windowUs = p.windowUs();
        long persistUs = p.persistUs();
        double minArea = p.minArea();
        List<Track> near = new ArrayList<>();
        for (Track t : o.tracks()) {
            if (!t.seen()) {
                continue;
            }
            if (t.kind().equals("person") && nearZone(o, t, d.zone, p.near())) {
                near.add(t);
            } else if ((VEHICLES.contains(t.kind()) || t.kind().startsWith("muck_truck"))
                    && t.stationary(now, o.scene().tracker().stationaryMinUs())
                    && overlaps(t.box().scale(o.scale()), d.outer)) {
                d.vehicleStoppedUs = Math.max(d.vehicleStoppedUs, t.stationarySinceUs());
            }
        }
        if (!near.isEmpty()) {
            if (!d.visitOpen(now, windowUs)) {
                d.personSinceUs = now;
                d.personStill = o.still(near, d.zone);
                d.people = near;
                d.arrivalJudged = false;
                d.visitSpoiled = false;
            }
            d.lastPersonUs = now;
        }
        try (Mat roi = o.image().apply(d.outer); Mat grayRoi = new Mat()) {
            cvtColor(roi, grayRoi, COLOR_BGR2GRAY);
            grayRoi.convertTo(d.gray, CV_32F);
        }
        visibleMask(o, d);
        if (!d.learnt) {
            d.gray.copyTo(d.background);
            d.learnt = true;
            return;
        }
        Look look = look(d, p.darken());
        double wet = look.patch(p.spreadMax());
        boolean visit = d.visitOpen(now, windowUs);
        if (visit && !d.arrivalJudged && look.visible()) {
            // the zone as the person found it: a patch already there is not theirs, whatever follows
            d.arrivalJudged = true;
            d.visitSpoiled = look.zoneShare() >= minArea / 2;
            if (d.visitSpoiled) {
                LOG.info("camera {}: drain {}: a dark patch was there before the person arrived; not theirs",
                        cameraId, d.zone.id());
            }
        }
        if (wet >= minArea && now >= d.quietUntilUs) {
            if (visit && d.arrivalJudged && !d.visitSpoiled && !d.shadeSince(now, windowUs) && d.confirmed == null) {
                d.unblamedSinceUs = -1;
                if (d.wetSinceUs < 0) {
                    d.wetSinceUs = now;
                }
                if (now - d.wetSinceUs >= persistUs) {
                    confirm(o, d, measured(look, wet, d.wetSinceUs, now), sink);
                }
            } else if (d.confirmed == null) {
                d.wetSinceUs = -1;
                if (d.unblamedSinceUs < 0) {
                    d.unblamedSinceUs = now;
                }
                if (!visit && now - d.unblamedSinceUs >= persistUs) {
                    nearMiss(o, d, d.shadeSince(d.unblamedSinceUs, windowUs)
                            ? "a dark patch appeared as a vehicle stopped by the drain (its shade)"
                            : "a dark patch appeared with nobody near", measured(look, wet, d.unblamedSinceUs, now),
                            sink);
                }
            }
        } else if (wet < minArea / 2) {
            d.wetSinceUs = -1;
            d.unblamedSinceUs = -1;
            if (d.confirmed != null) {
                sink.ended(d.confirmed, now, o.wallMs());
                d.confirmed = null;
                d.quietUntilUs = now + p.cooldownUs();
            }
        }
        if (near.isEmpty() && wet < minArea / 2) {
            accumulateWeighted(d.gray, d.background, p.learnRate(), d.visible);
        }
    }

    /** The wet share of the zone, how long it has held, and how much of the surroundings darkened with it. */
    private static Map<String, Double> measured(Look look, double wet, long sinceUs, long nowUs) {
        return new Measurements().put("min_area", wet).seconds("persist_s", sinceUs, nowUs)
                .put("spread", look.bandShare()).toMap();
    }

    /** Records a patch nobody can be blamed for, and takes it into the background: from now on it is old. */
    private void nearMiss(Observation o, Drain d, String reason, Map<String, Double> measured, ViolationSink sink) {
        LOG.info("camera {}: drain {}: near miss, no case: {}", cameraId, d.zone.id(), reason);
        sink.nearMiss(new NearMiss(cameraId, NAME, d.zone.id(), o.nowUs(), o.wallMs(), reason, measured));
        d.gray.copyTo(d.background, d.visible);
        d.unblamedSinceUs = -1;
    }

    private void confirm(Observation o, Drain d, Map<String, Double> measured, ViolationSink sink) {
        Box area = normalised(d.rect, o.image());
        float[] look = o.appearance(area);
        if (env.suppressions().suppressed(cameraId, NAME, d.zone.id(), area, o::appearance, o.wallMs())) {
            return;
        }
        List<String> objects = new ArrayList<>();
        for (Track t : d.people) {
            objects.add(t.toString());
        }
        List<Still> stills = new ArrayList<>();
        if (d.personStill != null) {
            stills.add(d.personStill);
        }
        stills.add(o.still(List.of(), d.zone));
        long onset = d.personSinceUs != Long.MIN_VALUE ? d.personSinceUs : d.wetSinceUs;
        d.confirmed = new Violation(cameraId + "-" + NAME + "-" + d.zone.id() + "-" + onset, cameraId, NAME,
                d.zone.id(), d.zone.type(), d.zone.place(), d.zone.unit(), onset, o.wallMs(onset), o.nowUs(),
                o.wallMs(), onset, o.nowUs(), Map.of("person", Math.max(1, d.people.size())), List.copyOf(objects),
                List.copyOf(stills), false, area, look).measured(measured);
        sink.confirmed(d.confirmed);
    }

    /** Marks in {@code d.visible} the outer pixels no detected object covers. */
    private static void visibleMask(Observation o, Drain d) {
        if (d.visible.empty()) {
            d.visible.create(d.outer.height(), d.outer.width(), CV_8UC1);
        }
        double s = o.scale();
        try (Scalar all = new Scalar(255); Scalar zero = new Scalar(0)) {
            d.visible.put(all);
            for (Track t : o.tracks()) {
                if (t.seen()) {
                    Box b = t.box().scale(s);
                    try (Point a = new Point((int) b.x1() - d.outer.x(), (int) b.y1() - d.outer.y());
                         Point c = new Point((int) b.x2() - d.outer.x(), (int) b.y2() - d.outer.y())) {
                        rectangle(d.visible, a, c, zero, -1, LINE_8, 0);
                    }
                }
            }
        }
    }

    /**
     * How much of the zone and of its surroundings (visible pixels only) is darker by {@code darken} than the
     * background seen in today's light: the background times the surroundings' median change of brightness. Rain and
     * shadows scale brightness, so the light's change is a factor, not an offset.
     */
    private static Look look(Drain d, int darken) {
        FloatBuffer cur = d.gray.createBuffer();
        FloatBuffer bg = d.background.createBuffer();
        ByteBuffer reg = d.regions.createBuffer();
        ByteBuffer vis = d.visible.createBuffer();
        int w = d.gray.cols();
        int n = w * d.gray.rows();
        int rstep = (int) d.regions.step();
        int vstep = (int) d.visible.step();
        int[] bandGains = new int[GAIN_STEPS + 1];
        int bandSeen = 0;
        for (int i = 0; i < n; i++) {
            int y = i / w;
            int x = i % w;
            if (reg.get(y * rstep + x) == 2 && vis.get(y * vstep + x) != 0) {
                double g = cur.get(i) / Math.max(1f, bg.get(i));
                bandGains[(int) Math.min(GAIN_STEPS, Math.round(g * GAIN_STEPS / MAX_GAIN))]++;
                bandSeen++;
            }
        }
        double gain = bandSeen == 0 ? 1 : median(bandGains, bandSeen) * MAX_GAIN / GAIN_STEPS;
        int zoneSeen = 0;
        int zoneWet = 0;
        int bandWet = 0;
        for (int i = 0; i < n; i++) {
            int y = i / w;
            int x = i % w;
            int r = reg.get(y * rstep + x);
            if (r == 0 || vis.get(y * vstep + x) == 0) {
                continue;
            }
            boolean wet = bg.get(i) * gain - cur.get(i) >= darken;
            if (r == 1) {
                zoneSeen++;
                zoneWet += wet ? 1 : 0;
            } else {
                bandWet += wet ? 1 : 0;
            }
        }
        // a zone mostly hidden by people cannot be judged: report nothing rather than a guess
        boolean visible = zoneSeen >= d.zoneArea / 3;
        return new Look(visible ? (double) zoneWet / zoneSeen : 0, bandSeen == 0 ? 0 : (double) bandWet / bandSeen,
                visible);
    }

    /** The index at which a histogram of {@code count} values reaches half of them. */
    private static int median(int[] histogram, int count) {
        int seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen > count / 2) {
                return i;
            }
        }
        return histogram.length - 1;
    }

    private static boolean nearZone(Observation o, Track t, Zone z, double heights) {
        double gx = t.box().groundX() / o.width();
        double gy = t.box().groundY() / o.height();
        if (z.contains(gx, gy)) {
            return true;
        }
        double reach = heights * t.box().height() / o.height();
        double[] b = z.polygon().bounds();
        return gx >= b[0] - reach && gx <= b[2] + reach && gy >= b[1] - reach && gy <= b[3] + reach;
    }

    private static boolean overlaps(Box b, Rect r) {
        return b.x1() < r.x() + r.width() && b.x2() > r.x() && b.y1() < r.y() + r.height() && b.y2() > r.y();
    }

    private static Box normalised(Rect r, Mat img) {
        return new Box((float) r.x() / img.cols(), (float) r.y() / img.rows(), (float) (r.x() + r.width()) / img.cols(),
                (float) (r.y() + r.height()) / img.rows());
    }

    @Override
    public void end(ViolationSink sink) {
        for (Drain d : drains.values()) {
            if (d.confirmed != null) {
                sink.ended(d.confirmed, d.confirmed.confirmUs(), d.confirmed.confirmWallMs());
            }
            d.close();
        }
        drains.clear();
    }
}
