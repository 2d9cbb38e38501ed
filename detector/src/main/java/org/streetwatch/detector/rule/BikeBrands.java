package org.streetwatch.detector.rule;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2HSV;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.nio.ByteBuffer;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.streetwatch.config.Validator;
import org.streetwatch.violation.Box;

/**
 * A shared bike's operator from its colour: the dominant saturated hue inside its box, matched against a palette of
 * hue ranges (Meituan yellow, HelloBike blue, Qingju green, ...). Wheels, road and shadows are unsaturated and do not
 * count. The fine for a misparked shared bike goes to its operator, so the case counts bikes per brand.
 */
public final class BikeBrands {

    public static final String UNKNOWN = "unknown";

    private BikeBrands() {
    }

    /**
     * @param palette    brand to hue range in degrees, "LO-HI" (a range may wrap past 360, e.g. "350-10")
     * @param minSat     saturation (0..1) a pixel needs to count
     * @param minShare   fraction of the box's pixels that must fall in the brand's range
     */
    public static String classify(Mat bgr, Box box, Map<String, String> palette, double minSat, double minShare) {
        Box b = box.clip(bgr.cols(), bgr.rows());
        if (b.width() < 4 || b.height() < 4) {
            return UNKNOWN;
        }
        int[] hist = new int[360];
        int n;
        try (Rect r = new Rect((int) b.x1(), (int) b.y1(), (int) b.width(), (int) b.height()); Mat roi = bgr.apply(r);
             Mat hsv = new Mat()) {
            cvtColor(roi, hsv, COLOR_BGR2HSV);
            ByteBuffer px = hsv.createBuffer();
            int step = (int) hsv.step();
            int satMin = (int) Math.round(minSat * 255);
            n = hsv.rows() * hsv.cols();
            for (int y = 0; y < hsv.rows(); y++) {
                for (int x = 0; x < hsv.cols(); x++) {
                    int i = y * step + x * 3;
                    if ((px.get(i + 1) & 0xff) >= satMin && (px.get(i + 2) & 0xff) >= 50) {
                        hist[((px.get(i) & 0xff) * 2) % 360]++;
                    }
                }
            }
        }
        String best = UNKNOWN;
        double bestShare = minShare;
        for (Map.Entry<String, String> e : palette.entrySet()) {
            int[] range = range(e.getValue());
            int count = 0;
            for (int h = range[0]; h != (range[1] + 1) % 360; h = (h + 1) % 360) {
                count += hist[h];
            }
            double share = (double) count / n;
            if (share >= bestShare) {
                best = e.getKey();
                bestShare = share;
            }
        }
        return best;
    }

    /** A palette whose every range {@link #range} can parse; the problem names the brand. */
    public static final Validator PALETTE = Validator.precise("a hue range in degrees LO-HI with 0 <= LO, HI <= 359",
            v -> {
                @SuppressWarnings("unchecked")
                Map<String, String> palette = (Map<String, String>) v;
                for (Map.Entry<String, String> e : palette.entrySet()) {
                    try {
                        range(e.getValue());
                    } catch (IllegalArgumentException ex) {
                        return new Validator.Problem("." + e.getKey(),
                                "a hue range in degrees LO-HI with 0 <= LO, HI <= 359", e.getValue());
                    }
                }
                return null;
            });

    /** "LO-HI" in degrees. */
    static int[] range(String spec) {
        String[] p = spec.trim().split("-");
        if (p.length != 2) {
            throw new IllegalArgumentException("a hue range looks like 40-65, got " + spec);
        }
        int lo;
        int hi;
        try {
            lo = Integer.parseInt(p[0].trim());
            hi = Integer.parseInt(p[1].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a hue range looks like 40-65, got " + spec);
        }
        if (lo < 0 || lo > 359 || hi < 0 || hi > 359) {
            throw new IllegalArgumentException("hues are degrees 0..359, got " + spec);
        }
        return new int[] {lo, hi};
    }
}
