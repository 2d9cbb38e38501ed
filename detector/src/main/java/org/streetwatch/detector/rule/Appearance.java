package org.streetwatch.detector.rule;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2HSV;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.nio.ByteBuffer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.streetwatch.violation.Box;

/**
 * A small colour signature of a region: a hue x saturation histogram (12 x 4 bins, normalised), cheap to compute
 * and to compare. It tells whether an object a reviewer rejected is the same one standing there again.
 */
public final class Appearance {

    static final int HUE_BINS = 12;
    static final int SAT_BINS = 4;

    private Appearance() {
    }

    /** The signature of {@code box} (in the picture's pixels) in a BGR picture. */
    public static float[] of(Mat bgr, Box box) {
        float[] h = new float[HUE_BINS * SAT_BINS];
        Box b = box.clip(bgr.cols(), bgr.rows());
        if (b.width() < 2 || b.height() < 2) {
            return h;
        }
        try (Rect r = new Rect((int) b.x1(), (int) b.y1(), (int) b.width(), (int) b.height());
             Mat roi = bgr.apply(r); Mat hsv = new Mat()) {
            cvtColor(roi, hsv, COLOR_BGR2HSV);
            ByteBuffer px = hsv.createBuffer();
            int step = (int) hsv.step();
            int n = 0;
            for (int y = 0; y < hsv.rows(); y++) {
                for (int x = 0; x < hsv.cols(); x++) {
                    int i = y * step + x * 3;
                    int hue = px.get(i) & 0xff; // OpenCV: 0..179
                    int sat = px.get(i + 1) & 0xff;
                    h[Math.min(HUE_BINS - 1, hue * HUE_BINS / 180) * SAT_BINS + Math.min(SAT_BINS - 1, sat * SAT_BINS / 256)]++;
                    n++;
                }
            }
            for (int i = 0; i < h.length; i++) {
                h[i] /= n;
            }
        }
        return h;
    }

    /** Cosine similarity of two signatures, 0..1. */
    public static double similarity(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
