package org.streetwatch.detector.rule;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
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
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.Settings;
import org.streetwatch.config.Type;
import org.streetwatch.config.Validator;
import org.streetwatch.detector.Box;
import org.streetwatch.detector.analysis.Observation;
import org.streetwatch.detector.track.Track;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.detector.zone.ZoneType;

/**
 * Waste water poured into a storm drain (乱倒污水): a person at a {@code drain} zone, then within {@code window_s} a
 * dark, wet-looking patch inside the zone — pixels darker than the zone's background model by {@code darken} grey
 * levels, over at least {@code min_area} of the zone — that persists {@code persist_s}. The background model is a slow
 * running average of the zone, learnt only while nobody stands near it and nothing is wet; people's own boxes are left
 * out of the comparison, since a person is darker than asphalt too.
 */
public final class WasteWaterRule implements Rule {

    public static final String NAME = "waste_water_dumping";

    public static final RuleType TYPE = new RuleType(NAME, new ConfigDef()
            .define("enabled", Type.BOOLEAN, true, "Whether the rule runs")
            .define("window_s", Type.DOUBLE, 60.0, Validator.between(1, 3600),
                    "The wet patch must appear within this long after a person was at the drain")
            .define("persist_s", Type.DOUBLE, 10.0, Validator.between(0, 3600),
                    "Seconds the wet patch must persist")
            .define("darken", Type.INT, 25, Validator.between(1, 255),
                    "Grey levels darker than the background that make a pixel look wet")
            .define("min_area", Type.DOUBLE, 0.15, Validator.between(0.001, 1),
                    "Share of the drain zone that must look wet")
            .define("near", Type.DOUBLE, 0.5, Validator.between(0, 10),
                    "A person is at the drain if their feet are within this many of their heights of the zone")
            .define("learn_rate", Type.DOUBLE, 0.05, Validator.between(0.001, 1),
                    "How fast the background model follows the zone while it is quiet")
            .define("cooldown_s", Type.DOUBLE, 600.0, Validator.between(0, 86_400),
                    "After a violation ends, no new one at the same drain for this long"),
            WasteWaterRule::new);

    /** One drain's model and what happened there lately. */
    private static final class Drain implements AutoCloseable {
        final Zone zone;
        final int width;
        final int height;
        final Rect rect;
        final Mat mask;
        final int maskArea;
        final Mat background = new Mat();
        final Mat gray = new Mat();
        final Mat masked = new Mat();
        boolean learnt;
        long lastPersonUs = Long.MIN_VALUE;
        long personSinceUs = Long.MIN_VALUE;
        Still personStill;
        List<Track> people = List.of();
        long wetSinceUs = -1;
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
            rect = new Rect(x1, y1, Math.max(1, x2 - x1 + 1), Math.max(1, y2 - y1 + 1));
            mask = new Mat(rect.height(), rect.width(), CV_8UC1);
            try (Scalar zero = new Scalar(0); Scalar white = new Scalar(255);
                 Mat pts = new Mat(zone.polygon().size(), 1, org.bytedeco.opencv.global.opencv_core.CV_32SC2)) {
                mask.put(zero);
                IntPointer ip = new IntPointer(pts.data());
                for (int i = 0; i < zone.polygon().size(); i++) {
                    ip.put(2L * i, (int) Math.round(zone.polygon().x(i) * (w - 1)) - x1);
                    ip.put(2L * i + 1, (int) Math.round(zone.polygon().y(i) * (h - 1)) - y1);
                }
                try (MatVector v = new MatVector(pts)) {
                    fillPoly(mask, v, white);
                }
            }
            maskArea = Math.max(1, org.bytedeco.opencv.global.opencv_core.countNonZero(mask));
        }

        @Override
        public void close() {
            rect.close();
            mask.close();
            background.close();
            gray.close();
            masked.close();
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
                watch(o, d, o.scene().params(NAME, z), sink);
            }
        }
    }

    private void watch(Observation o, Drain d, Settings p, ViolationSink sink) {
        long now = o.nowUs();
        List<Track> near = new ArrayList<>();
        for (Track t : o.tracks()) {
            if (t.kind().equals("person") && t.seen() && nearZone(o, t, d.zone, p.getDouble("near"))) {
                near.add(t);
            }
        }
        if (!near.isEmpty()) {
            if (now - d.lastPersonUs > (long) (p.getDouble("window_s") * 1e6)) {
                d.personSinceUs = now;
                d.personStill = o.still(near, d.zone);
                d.people = near;
            }
            d.lastPersonUs = now;
        }
        try (Mat roi = o.image().apply(d.rect); Mat grayRoi = new Mat()) {
            cvtColor(roi, grayRoi, COLOR_BGR2GRAY);
            grayRoi.convertTo(d.gray, CV_32F);
        }
        if (!d.learnt) {
            d.gray.copyTo(d.background);
            d.learnt = true;
            return;
        }
        double wet = wetShare(o, d, p.getInt("darken"));
        double minArea = p.getDouble("min_area");
        boolean recentPerson = d.lastPersonUs != Long.MIN_VALUE
                && now - d.lastPersonUs <= (long) (p.getDouble("window_s") * 1e6);
        if (wet >= minArea && recentPerson && now >= d.quietUntilUs) {
            if (d.wetSinceUs < 0) {
                d.wetSinceUs = now;
            }
            if (d.confirmed == null && now - d.wetSinceUs >= (long) (p.getDouble("persist_s") * 1e6)) {
                confirm(o, d, sink);
            }
        } else if (wet < minArea / 2) {
            d.wetSinceUs = -1;
            if (d.confirmed != null) {
                sink.ended(d.confirmed, now, o.wallMs());
                d.confirmed = null;
                d.quietUntilUs = now + (long) (p.getDouble("cooldown_s") * 1e6);
            }
        }
        if (near.isEmpty() && wet < minArea / 2) {
            try (Mat none = new Mat()) {
                accumulateWeighted(d.gray, d.background, p.getDouble("learn_rate"), none);
            }
        }
    }

    private void confirm(Observation o, Drain d, ViolationSink sink) {
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
                List.copyOf(stills), false, area, look);
        sink.confirmed(d.confirmed);
    }

    /** Share of the zone (outside people's boxes) darker than the background by {@code darken}. */
    private static double wetShare(Observation o, Drain d, int darken) {
        d.mask.copyTo(d.masked);
        double s = o.scale();
        try (Scalar zero = new Scalar(0)) {
            for (Track t : o.tracks()) {
                if (t.kind().equals("person") && t.seen()) {
                    Box b = t.box().scale(s);
                    try (Point a = new Point((int) b.x1() - d.rect.x(), (int) b.y1() - d.rect.y());
                         Point c = new Point((int) b.x2() - d.rect.x(), (int) b.y2() - d.rect.y())) {
                        rectangle(d.masked, a, c, zero, -1, org.bytedeco.opencv.global.opencv_imgproc.LINE_8, 0);
                    }
                }
            }
        }
        FloatBuffer cur = d.gray.createBuffer();
        FloatBuffer bg = d.background.createBuffer();
        ByteBuffer m = d.masked.createBuffer();
        int w = d.gray.cols();
        int considered = 0;
        int wet = 0;
        for (int y = 0; y < d.gray.rows(); y++) {
            for (int x = 0; x < w; x++) {
                if (m.get(y * (int) d.masked.step() + x) == 0) {
                    continue;
                }
                considered++;
                if (bg.get(y * w + x) - cur.get(y * w + x) >= darken) {
                    wet++;
                }
            }
        }
        // a zone mostly hidden by people cannot be judged: report nothing rather than a guess
        return considered < d.maskArea / 3 ? 0 : (double) wet / considered;
    }

    private static boolean nearZone(Observation o, Track t, Zone z, double heights) {
        double gx = t.box().groundX() / o.width();
        double gy = t.box().groundY() / o.height();
        if (z.contains(gx, gy)) {
            return true;
        }
        double reach = heights * t.box().height() / o.height();
        double minX = 1;
        double minY = 1;
        double maxX = 0;
        double maxY = 0;
        for (int i = 0; i < z.polygon().size(); i++) {
            minX = Math.min(minX, z.polygon().x(i));
            minY = Math.min(minY, z.polygon().y(i));
            maxX = Math.max(maxX, z.polygon().x(i));
            maxY = Math.max(maxY, z.polygon().y(i));
        }
        return gx >= minX - reach && gx <= maxX + reach && gy >= minY - reach && gy <= maxY + reach;
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
