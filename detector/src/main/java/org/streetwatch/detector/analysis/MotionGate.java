package org.streetwatch.detector.analysis;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.bitwise_and;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.fillPoly;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.Settings;
import org.streetwatch.config.Type;
import org.streetwatch.config.Validator;
import org.streetwatch.detector.sampling.SamplingPolicy;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.ZoneType;

/**
 * Skips inference on a picture that hardly differs from the camera's last analysed one inside every zone: a street
 * scene at night, a parked bike, an empty drain. The comparison runs on a 160-pixel grey thumbnail (microseconds,
 * against milliseconds of inference). Stationary things are still looked at every {@code recheck_s}, so a parked bike
 * keeps its track and its dwell clock. Light is taken out first: the reference is scaled by the picture's overall
 * brightness ratio, so a cloud or dusk darkening the whole street is not motion (light multiplies; a passer-by moves
 * the mean of a whole picture by a few per cent at most). Each zone may set its own threshold, and each zone's
 * finding is kept ({@link #in}): sampling speeds up for a rule about moving things only where its own zones move. One
 * gate per camera, used on that camera's analysis thread only.
 */
public final class MotionGate implements SamplingPolicy.Motion, AutoCloseable {

    public static final String ENABLED = "enabled";
    public static final String PIXEL_DELTA = "pixel_delta";
    public static final String THRESHOLD = "threshold";
    public static final String RECHECK_S = "recheck_s";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(ENABLED, Type.BOOLEAN, true, "Skip inference on pictures without change inside the zones")
            .define(PIXEL_DELTA, Type.INT, 18, Validator.between(1, 255),
                    "Grey-level difference from the last analysed picture that counts a pixel as changed")
            .define(THRESHOLD, Type.DOUBLE, 0.003, Validator.between(0, 1),
                    "Fraction of a zone's pixels that must change for the picture to be analysed")
            .define(RECHECK_S, Type.DOUBLE, 10.0, Validator.between(0, 3600),
                    "Longest time without inference, whatever the motion (stationary objects are re-checked)");

    /** The gate's settings. */
    public record Params(boolean enabled, int pixelDelta, double threshold, long recheckUs) {

        public static Params of(Settings s) {
            return new Params(s.getBoolean(ENABLED), s.getInt(PIXEL_DELTA), s.getDouble(THRESHOLD),
                    (long) (s.getDouble(RECHECK_S) * 1e6));
        }
    }

    private static final int WIDTH = 160;
    private static final Scalar ZERO = new Scalar(0);

    private Mat last;
    private final Mat gray = new Mat();
    private final Mat small = new Mat();
    private final Mat diff = new Mat();
    private final Mat masked = new Mat();
    private final Mat lit = new Mat();
    private boolean moved = true;
    /** Ids of the zones the last picture changed in, if {@link #zonesCompared}. */
    private final Set<String> movedZones = new HashSet<>();
    /** False where the last picture was not compared zone by zone (the first picture, gating off, no zones). */
    private boolean zonesCompared;
    private final List<Mat> masks = new ArrayList<>();
    private final List<Integer> maskAreas = new ArrayList<>();
    private List<Zone> maskedZones;
    private long lastAnalysedUs = Long.MIN_VALUE;
    private long skipped;
    private long seen;

    /**
     * True if this picture may skip inference. A picture that is analysed becomes the new reference; a skipped one
     * does not, so slow change accumulates until it is noticed.
     */
    public boolean skip(Mat image, long ptsUs, List<Zone> zones, Params p) {
        seen++;
        zonesCompared = false;
        if (!p.enabled()) {
            moved = true;
            return false;
        }
        int h = Math.max(1, Math.round((float) WIDTH * image.rows() / image.cols()));
        cvtColor(image, gray, COLOR_BGR2GRAY);
        try (Size size = new Size(WIDTH, h)) {
            resize(gray, small, size, 0, 0, INTER_AREA);
        }
        moved = last == null || changed(zones, p);
        boolean due = moved || ptsUs - lastAnalysedUs >= p.recheckUs();
        if (!due) {
            skipped++;
            return true;
        }
        if (last == null) {
            last = new Mat();
        }
        small.copyTo(last);
        lastAnalysedUs = ptsUs;
        return false;
    }

    /** The thumbnail against the reference, seen in the same light. */
    private boolean changed(List<Zone> zones, Params p) {
        double now;
        double before;
        try (Scalar a = mean(small); Scalar b = mean(last)) {
            now = a.get(0);
            before = b.get(0);
        }
        double gain = before < 1 ? 1 : now / before;
        last.convertTo(lit, -1, gain, 0);
        absdiff(small, lit, diff);
        threshold(diff, diff, p.pixelDelta(), 255, THRESH_BINARY);
        return changed(diff, zones, p.threshold());
    }

    /**
     * True if the last picture changed inside a zone (the first picture, and every picture while gating is off, count
     * as changed: nothing says they did not).
     */
    @Override
    public boolean anywhere() {
        return moved;
    }

    /** True if the last picture changed inside this zone (or was not compared: see {@link #anywhere}). */
    @Override
    public boolean in(Zone z) {
        return zonesCompared ? movedZones.contains(z.id()) : moved;
    }

    /** Looks at every zone (each one's finding is kept) and returns whether any changed. */
    private boolean changed(Mat binary, List<Zone> zones, double fraction) {
        List<Zone> watched = new ArrayList<>();
        for (Zone z : zones) {
            if (z.type() != ZoneType.MASK) {
                watched.add(z);
            }
        }
        if (watched.isEmpty()) {
            return countNonZero(binary) > fraction * binary.rows() * binary.cols();
        }
        if (!watched.equals(maskedZones) || masks.isEmpty() || masks.get(0).rows() != binary.rows()) {
            rasterise(watched, binary.cols(), binary.rows());
        }
        movedZones.clear();
        zonesCompared = true;
        for (int i = 0; i < masks.size(); i++) {
            bitwise_and(binary, masks.get(i), masked);
            Zone z = maskedZones.get(i);
            Double own = z.motionThreshold();
            if (countNonZero(masked) > (own != null ? own : fraction) * Math.max(1, maskAreas.get(i))) {
                movedZones.add(z.id());
            }
        }
        return !movedZones.isEmpty();
    }

    private void rasterise(List<Zone> zones, int w, int h) {
        clearMasks();
        for (Zone z : zones) {
            Mat m = new Mat(h, w, CV_8UC1);
            m.put(ZERO);
            try (Mat pts = new Mat(z.polygon().size(), 1, org.bytedeco.opencv.global.opencv_core.CV_32SC2)) {
                IntPointer ip = new IntPointer(pts.data());
                for (int i = 0; i < z.polygon().size(); i++) {
                    ip.put(2L * i, (int) Math.round(z.polygon().x(i) * (w - 1)));
                    ip.put(2L * i + 1, (int) Math.round(z.polygon().y(i) * (h - 1)));
                }
                try (MatVector v = new MatVector(pts); Scalar white = new Scalar(255)) {
                    fillPoly(m, v, white);
                }
            }
            masks.add(m);
            maskAreas.add(countNonZero(m));
        }
        maskedZones = List.copyOf(zones);
    }

    private void clearMasks() {
        for (Mat m : masks) {
            m.close();
        }
        masks.clear();
        maskAreas.clear();
    }

    public long skipped() {
        return skipped;
    }

    public long seen() {
        return seen;
    }

    @Override
    public void close() {
        clearMasks();
        if (last != null) {
            last.close();
        }
        gray.close();
        small.close();
        diff.close();
        masked.close();
        lit.close();
    }
}
