package org.streetwatch.detector.rule;

/**
 * How tall a car is on one camera at each row of its picture, learnt from the cars it sees: a straight line through
 * (ground row, box height), fitted by least squares over the latest few hundred sightings (older ones fade). Roads
 * recede, so a box's size only means something against the cars around it; a light truck that the model calls
 * {@code car} stands out by being taller than the cars at its row. Owned by one camera's rule, on its thread.
 */
final class CarSizes {

    /** Each new sighting weighs this much more than the one before: the fit forgets over about 300 sightings. */
    private static final double FADE = 0.997;
    /** Sightings needed before the fit says anything. */
    static final int MIN_SIGHTINGS = 20;

    private double n;
    private double sy;
    private double sh;
    private double syy;
    private double syh;
    private int count;

    /** A car seen with its ground point at row {@code groundY} and box height {@code height} (same pixels). */
    void add(double groundY, double height) {
        n = n * FADE + 1;
        sy = sy * FADE + groundY;
        sh = sh * FADE + height;
        syy = syy * FADE + groundY * groundY;
        syh = syh * FADE + groundY * height;
        count++;
    }

    /** The typical car height at that row, or NaN while too few cars have been seen (or all at one row). */
    double heightAt(double groundY) {
        double var = syy * n - sy * sy;
        if (count < MIN_SIGHTINGS) {
            return Double.NaN;
        }
        if (var <= 1e-6 * n * n) {
            return sh / n;
        }
        double slope = (syh * n - sy * sh) / var;
        double at = (sh - slope * sy) / n + slope * groundY;
        return at > 0 ? at : Double.NaN;
    }
}
