package org.streetwatch.detector.aim;

import org.streetwatch.detector.zone.Polygon;

/**
 * What the last check found of a camera's aim.
 *
 * @param shift       mean distance the picture's corners moved against the reference, as a share of its width
 * @param homography  reference picture to current picture, in pixels of the checked {@code width x height} picture
 */
public record Condition(CameraState state, double shift, Homography homography, int width, int height) {

    public static final Condition FIRST = new Condition(CameraState.OK, 0, Homography.IDENTITY, 1, 1);

    /**
     * True if this finding says what {@code other} said: the same state and, moved, the picture's corners within
     * {@code tolerance} of its width of where {@code other} put them (a check's jitter must not move the zones).
     */
    public boolean same(Condition other, double tolerance) {
        if (state != other.state) {
            return false;
        }
        if (state != CameraState.SHIFTED) {
            return true;
        }
        double[][] corners = {{0, 0}, {width, 0}, {width, height}, {0, height}};
        double sum = 0;
        for (double[] c : corners) {
            double[] a = homography.apply(c[0], c[1]);
            double[] b = other.homography.apply(c[0] * other.width / width, c[1] * other.height / height);
            sum += Math.hypot(a[0] - b[0] * width / other.width, a[1] - b[1] * height / other.height);
        }
        return sum / corners.length <= tolerance * width;
    }

    /** A zone outline drawn on the reference, where it lies in the current picture. */
    public Polygon move(Polygon p) {
        return homography.move(p, width, height);
    }

    /** One picture's numbers: its mean grey, their spread, and its sharpness (Laplacian energy per unit contrast). */
    public record Look(double mean, double spread, double sharpness) {
    }

    /**
     * Judges a picture against the reference. A uniform picture is a covered lens; one that lost most of the
     * reference's sharpness (contrast aside, so dusk is not blur) is blurred; one whose features do not match the
     * reference's, or match only by a large move, is misaimed; a small move shifts the zones.
     *
     * @param toCurrent  the matched homography, or null when too few features matched
     */
    public static Condition judge(Look reference, Look current, Homography toCurrent, int width, int height,
                                  AimCheck.Params p) {
        if (current.spread() < p.coveredSpread()) {
            return new Condition(CameraState.COVERED, 0, Homography.IDENTITY, width, height);
        }
        if (current.sharpness() < p.blurRatio() * reference.sharpness()) {
            return new Condition(CameraState.BLURRED, 0, Homography.IDENTITY, width, height);
        }
        if (toCurrent == null) {
            return new Condition(CameraState.MISAIMED, 1, Homography.IDENTITY, width, height);
        }
        double shift = toCurrent.shift(width, height) / width;
        if (shift > p.shiftMax()) {
            return new Condition(CameraState.MISAIMED, shift, toCurrent, width, height);
        }
        return shift > p.shiftMin() ? new Condition(CameraState.SHIFTED, shift, toCurrent, width, height)
                : new Condition(CameraState.OK, shift, Homography.IDENTITY, width, height);
    }
}
