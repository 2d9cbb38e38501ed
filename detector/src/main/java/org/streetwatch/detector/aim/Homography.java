package org.streetwatch.detector.aim;

import java.util.ArrayList;
import java.util.List;
import org.streetwatch.detector.zone.Polygon;

/**
 * A 3x3 projective map from the reference picture's pixels to the current picture's (row-major). Immutable.
 */
public final class Homography {

    public static final Homography IDENTITY = new Homography(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});

    private final double[] h;

    public Homography(double[] h) {
        if (h.length != 9) {
            throw new IllegalArgumentException("a homography has 9 elements, got " + h.length);
        }
        this.h = h.clone();
    }

    /** Where the reference picture's pixel (x, y) lies in the current picture. */
    public double[] apply(double x, double y) {
        double w = h[6] * x + h[7] * y + h[8];
        return new double[] {(h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w};
    }

    /** Mean distance in pixels the corners of a {@code width x height} picture move. */
    public double shift(int width, int height) {
        double[][] corners = {{0, 0}, {width, 0}, {width, height}, {0, height}};
        double sum = 0;
        for (double[] c : corners) {
            double[] m = apply(c[0], c[1]);
            sum += Math.hypot(m[0] - c[0], m[1] - c[1]);
        }
        return sum / corners.length;
    }

    /** A zone outline (normalised) moved with the picture, kept inside it. */
    public Polygon move(Polygon p, int width, int height) {
        List<double[]> out = new ArrayList<>(p.size());
        for (int i = 0; i < p.size(); i++) {
            double[] m = apply(p.x(i) * width, p.y(i) * height);
            out.add(new double[] {clamp(m[0] / width), clamp(m[1] / height)});
        }
        return new Polygon(out);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
