package org.streetwatch.detector.aim;

import static org.bytedeco.opencv.global.opencv_calib3d.RANSAC;
import static org.bytedeco.opencv.global.opencv_calib3d.findHomography;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC2;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.NORM_HAMMING;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_core.meanStdDev;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.Laplacian;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.nio.DoubleBuffer;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import java.nio.FloatBuffer;
import org.bytedeco.opencv.opencv_core.DMatch;
import org.bytedeco.opencv.opencv_core.DMatchVector;
import org.bytedeco.opencv.opencv_core.DMatchVectorVector;
import org.bytedeco.opencv.opencv_core.KeyPointVector;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_features2d.BFMatcher;
import org.bytedeco.opencv.opencv_features2d.ORB;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.Settings;
import org.streetwatch.config.Type;
import org.streetwatch.config.Validator;

/**
 * Whether a camera still sees what its zones were drawn on. The first picture of the camera is its reference;
 * every {@code check_s} of camera time a picture is compared with it: its spread (a covered lens is uniform), its
 * sharpness (a blurred one lost its detail) and its ORB features, matched to the reference's through a RANSAC
 * homography (how far the picture moved). One per camera, used on that camera's analysis thread only.
 */
public final class AimCheck implements AutoCloseable {

    public static final String ENABLED = "enabled";
    public static final String CHECK_S = "check_s";
    public static final String SHIFT_MIN = "shift_min";
    public static final String SHIFT_MAX = "shift_max";
    public static final String MIN_MATCHES = "min_matches";
    public static final String COVERED_SPREAD = "covered_spread";
    public static final String BLUR_RATIO = "blur_ratio";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(ENABLED, Type.BOOLEAN, true,
                    "Check each camera's aim, lens and focus against its first picture")
            .define(CHECK_S, Type.DOUBLE, 60.0, Validator.between(1, 86_400),
                    "Seconds of camera time between two checks")
            .define(SHIFT_MIN, Type.DOUBLE, 0.01, Validator.between(0, 1),
                    "Share of the picture's width it must move for the zones to move with it")
            .define(SHIFT_MAX, Type.DOUBLE, 0.15, Validator.between(0, 1),
                    "Share of the picture's width beyond which the camera is misaimed and its rules suspended")
            .define(MIN_MATCHES, Type.INT, 25, Validator.between(4, 1000),
                    "Features that must match the reference (RANSAC inliers) for the picture to be placed")
            .define(COVERED_SPREAD, Type.DOUBLE, 6.0, Validator.between(0, 128),
                    "Grey-level spread below which the picture is uniform: the lens is covered")
            .define(BLUR_RATIO, Type.DOUBLE, 0.35, Validator.between(0, 1),
                    "Share of the reference's sharpness below which the picture is blurred");

    /** The check's settings. */
    public record Params(boolean enabled, long checkUs, double shiftMin, double shiftMax, int minMatches,
                         double coveredSpread, double blurRatio) {

        public static Params of(Settings s) {
            return new Params(s.getBoolean(ENABLED), (long) (s.getDouble(CHECK_S) * 1e6), s.getDouble(SHIFT_MIN),
                    s.getDouble(SHIFT_MAX), s.getInt(MIN_MATCHES), s.getDouble(COVERED_SPREAD),
                    s.getDouble(BLUR_RATIO));
        }
    }

    /** Width of the grey picture the check runs on. */
    private static final int WIDTH = 320;
    /** Lowe's ratio: a match counts if clearly better than the second best. */
    private static final double RATIO = 0.75;

    private final ORB orb = ORB.create(1000, 1.2f, 8, 31, 0, 2, ORB.HARRIS_SCORE, 31, 20);
    private final BFMatcher matcher = new BFMatcher(NORM_HAMMING, false);
    private KeyPointVector refKeys;
    private Mat refDescriptors;
    private Condition.Look refLook;
    private int sourceWidth;
    private int sourceHeight;
    private long lastCheckUs;
    private Condition condition = Condition.FIRST;

    /** The camera's condition at this picture: checked again every {@code check_s}, the last finding in between. */
    public Condition check(Mat bgr, long nowUs, Params p) {
        if (!p.enabled()) {
            return Condition.FIRST;
        }
        boolean newSize = bgr.cols() != sourceWidth || bgr.rows() != sourceHeight;
        if (!newSize && nowUs - lastCheckUs < p.checkUs()) {
            return condition;
        }
        lastCheckUs = nowUs;
        int h = Math.max(1, Math.round((float) WIDTH * bgr.rows() / bgr.cols()));
        try (Mat colour = new Mat(); Mat grey = new Mat(); Size size = new Size(WIDTH, h); Mat none = new Mat()) {
            resize(bgr, colour, size, 0, 0, INTER_AREA);
            cvtColor(colour, grey, COLOR_BGR2GRAY);
            Condition.Look look = look(grey);
            KeyPointVector keys = new KeyPointVector();
            Mat descriptors = new Mat();
            orb.detectAndCompute(grey, none, keys, descriptors);
            if (newSize) {
                // the reference: the picture the zones are taken to be drawn on
                closeReference();
                refKeys = keys;
                refDescriptors = descriptors;
                refLook = look;
                sourceWidth = bgr.cols();
                sourceHeight = bgr.rows();
                condition = Condition.FIRST;
                return condition;
            }
            try (keys; descriptors) {
                condition = Condition.judge(refLook, look, match(keys, descriptors, p.minMatches()), grey.cols(),
                        grey.rows(), p);
            }
        }
        return condition;
    }

    private static Condition.Look look(Mat grey) {
        try (Mat mean = new Mat(); Mat std = new Mat(); Mat lap = new Mat(); Mat lapMean = new Mat();
             Mat lapStd = new Mat()) {
            meanStdDev(grey, mean, std);
            Laplacian(grey, lap, CV_64F);
            meanStdDev(lap, lapMean, lapStd);
            double spread = first(std);
            double m = first(mean);
            double l = first(lapStd);
            return new Condition.Look(m, spread, l / Math.max(1, spread));
        }
    }

    private static double first(Mat m) {
        try (DoubleIndexer i = m.createIndexer()) {
            return i.get(0);
        }
    }

    /** The reference-to-current homography from the features that pass Lowe's ratio test, or null if too few. */
    private Homography match(KeyPointVector keys, Mat descriptors, int minMatches) {
        if (refDescriptors.empty() || descriptors.empty()) {
            return null;
        }
        try (DMatchVectorVector knn = new DMatchVectorVector()) {
            matcher.knnMatch(refDescriptors, descriptors, knn, 2);
            int n = 0;
            float[] src = new float[(int) knn.size() * 2];
            float[] dst = new float[(int) knn.size() * 2];
            for (long i = 0; i < knn.size(); i++) {
                DMatchVector pair = knn.get(i);
                if (pair.size() < 2) {
                    continue;
                }
                DMatch best = pair.get(0);
                if (best.distance() < RATIO * pair.get(1).distance()) {
                    src[2 * n] = refKeys.get(best.queryIdx()).pt().x();
                    src[2 * n + 1] = refKeys.get(best.queryIdx()).pt().y();
                    dst[2 * n] = keys.get(best.trainIdx()).pt().x();
                    dst[2 * n + 1] = keys.get(best.trainIdx()).pt().y();
                    n++;
                }
            }
            if (n < minMatches) {
                return null;
            }
            try (Mat from = points(src, n); Mat to = points(dst, n); Mat inliers = new Mat();
                 Mat h = findHomography(from, to, RANSAC, 3.0, inliers, 2000, 0.995)) {
                if (h.empty() || countNonZero(inliers) < minMatches) {
                    return null;
                }
                DoubleBuffer b = h.createBuffer();
                double[] m = new double[9];
                b.get(m);
                return new Homography(m);
            }
        }
    }

    private static Mat points(float[] xy, int n) {
        Mat m = new Mat(n, 1, CV_32FC2);
        FloatBuffer b = m.createBuffer();
        b.put(xy, 0, 2 * n);
        return m;
    }

    private void closeReference() {
        if (refKeys != null) {
            refKeys.close();
            refDescriptors.close();
        }
    }

    @Override
    public void close() {
        closeReference();
        orb.close();
        matcher.close();
    }
}
