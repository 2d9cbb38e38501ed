package org.streetwatch.detector.zone;

import java.util.List;

/** A polygon in normalised image coordinates (0..1 on both axes, origin top-left). Immutable. */
public final class Polygon {

    private final double[] xs;
    private final double[] ys;

    public Polygon(List<double[]> points) {
        if (points.size() < 3) {
            throw new IllegalArgumentException("a polygon needs at least 3 points");
        }
        xs = new double[points.size()];
        ys = new double[points.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = points.get(i)[0];
            ys[i] = points.get(i)[1];
        }
    }

    /** Even-odd rule; points on an edge may fall either way. */
    public boolean contains(double x, double y) {
        boolean in = false;
        for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
            if ((ys[i] > y) != (ys[j] > y) && x < (xs[j] - xs[i]) * (y - ys[i]) / (ys[j] - ys[i]) + xs[i]) {
                in = !in;
            }
        }
        return in;
    }

    public int size() {
        return xs.length;
    }

    public double x(int i) {
        return xs[i];
    }

    public double y(int i) {
        return ys[i];
    }

    /** The bounding box: {minX, minY, maxX, maxY}. */
    public double[] bounds() {
        double[] b = {1, 1, 0, 0};
        for (int i = 0; i < xs.length; i++) {
            b[0] = Math.min(b[0], xs[i]);
            b[1] = Math.min(b[1], ys[i]);
            b[2] = Math.max(b[2], xs[i]);
            b[3] = Math.max(b[3], ys[i]);
        }
        return b;
    }

    /** The points as a list of [x, y]. */
    public List<double[]> points() {
        java.util.List<double[]> out = new java.util.ArrayList<>(xs.length);
        for (int i = 0; i < xs.length; i++) {
            out.add(new double[] {xs[i], ys[i]});
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Polygon p && java.util.Arrays.equals(xs, p.xs) && java.util.Arrays.equals(ys, p.ys);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(xs) * 31 + java.util.Arrays.hashCode(ys);
    }
}
