package org.streetwatch.detector.rule;

import static org.bytedeco.opencv.global.opencv_core.CV_16S;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.convertScaleAbs;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_core.multiply;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2HSV;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.Laplacian;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.nio.ByteBuffer;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.streetwatch.violation.Box;

/**
 * The built-in cargo judge. Seen from a street camera above and behind, a muck truck's load is the upper part of its
 * box. An uncovered load (soil, sand, gravel, debris) is earth-coloured and rough; the covers the regulations ask for
 * are dust nets and tarpaulins, mostly green or blue and smooth. So: enough saturated green/blue means covered; enough
 * earth colour with enough texture means uncovered; anything else is unsure and does not count.
 *
 * <p>With {@code normalise_light} (the default) the judge works in the scene's light rather than daylight's: colours
 * are judged after scaling each channel so that the street around the truck averages mid grey (night, street
 * lighting's cast) and smoothing the noise that gain brings up; texture is judged as roughness relative to that
 * street, at half scale, so sensor noise and the picture's resolution count alike on both sides. In a dark scene,
 * where colours fade into noise, roughness alone says uncovered ({@link Judgement#textureOnly}: the rule takes that
 * only from a vehicle the model itself calls a truck); covered still needs the cover's colour.
 */
public final class HeuristicCargoJudge implements CargoJudge {

    /** The cargo area: the top part of the truck's box, without its side margins. */
    static final double CARGO_TOP = 0.45;
    static final double CARGO_MARGIN = 0.1;
    /** Brightness the street is brought to when the light is normalised (mid grey). */
    static final double MID_GREY = 128;
    /** A scene needing more gain than this is dark: its noise is smoothed and its colours are not relied on. */
    static final double DARK_GAIN = 1.5;

    @Override
    public Judgement judge(Mat bgr, Box truck, Thresholds p) {
        Box t = truck.clip(bgr.cols(), bgr.rows());
        int x = (int) (t.x1() + t.width() * CARGO_MARGIN);
        int w = (int) (t.width() * (1 - 2 * CARGO_MARGIN));
        int h = (int) (t.height() * CARGO_TOP);
        if (w < 8 || h < 8) {
            return Judgement.UNSURE;
        }
        try (Rect r = new Rect(x, (int) t.y1(), w, h); Mat cargo = bgr.apply(r); Mat seen = new Mat()) {
            if (!p.normaliseLight()) {
                double[] shares = colourShares(cargo);
                double texture = roughness(cargo);
                Verdict v = shares[1] >= p.coverMin() ? Verdict.COVERED
                        : shares[0] >= p.earthMin() && texture >= p.textureMin()
                        ? Verdict.UNCOVERED : Verdict.UNSURE;
                return new Judgement(v, Map.of("earth_share", shares[0], "cover_share", shares[1], "texture",
                        texture));
            }
            boolean dark = normalised(bgr, cargo, seen);
            double[] shares = colourShares(seen);
            double cargoRoughness = halfScaleRoughness(cargo);
            double sceneRoughness = halfScaleRoughness(bgr);
            boolean rough = cargoRoughness >= p.roughnessMin() * sceneRoughness;
            boolean earth = shares[0] >= p.earthMin();
            Verdict v = shares[1] >= p.coverMin() ? Verdict.COVERED
                    : (dark || earth) && rough ? Verdict.UNCOVERED : Verdict.UNSURE;
            return new Judgement(v, v == Verdict.UNCOVERED && !earth, Map.of("earth_share", shares[0], "cover_share",
                    shares[1], "roughness", sceneRoughness == 0 ? 0 : cargoRoughness / sceneRoughness));
        }
    }

    /**
     * The cargo as it would look in neutral mid-grey light: each channel scaled so that the scene (the whole picture
     * given) averages {@link #MID_GREY}; smoothed if that took more than {@link #DARK_GAIN}. Returns true if it did.
     */
    private static boolean normalised(Mat scene, Mat cargo, Mat out) {
        double[] gain = new double[3];
        double maxGain = 0;
        try (Scalar m = mean(scene)) {
            for (int c = 0; c < 3; c++) {
                gain[c] = Math.min(8, MID_GREY / Math.max(1, m.get(c)));
                maxGain = Math.max(maxGain, gain[c]);
            }
        }
        try (Scalar g = new Scalar(gain[0], gain[1], gain[2], 1); Mat f = new Mat();
             Mat gains = new Mat(cargo.rows(), cargo.cols(), CV_32FC3, g)) {
            cargo.convertTo(f, CV_32FC3);
            multiply(f, gains, f);
            f.convertTo(out, cargo.type());
        }
        boolean dark = maxGain > DARK_GAIN;
        if (dark) {
            try (Size k = new Size(5, 5)) {
                GaussianBlur(out, out, k, 0);
            }
        }
        return dark;
    }

    /** Shares of the picture in earth colours (soil, sand) and in cover colours (saturated green or blue). */
    private static double[] colourShares(Mat bgr) {
        try (Mat hsv = new Mat()) {
            cvtColor(bgr, hsv, COLOR_BGR2HSV);
            ByteBuffer px = hsv.createBuffer();
            int step = (int) hsv.step();
            int earth = 0;
            int cover = 0;
            int n = hsv.rows() * hsv.cols();
            for (int y = 0; y < hsv.rows(); y++) {
                for (int xx = 0; xx < hsv.cols(); xx++) {
                    int i = y * step + xx * 3;
                    int hue = (px.get(i) & 0xff) * 2; // degrees
                    int sat = px.get(i + 1) & 0xff;
                    int val = px.get(i + 2) & 0xff;
                    if (hue >= 8 && hue <= 50 && sat >= 40 && sat <= 210 && val >= 40 && val <= 235) {
                        earth++;
                    } else if (hue >= 70 && hue <= 260 && sat >= 60 && val >= 40) {
                        cover++;
                    }
                }
            }
            return new double[] {(double) earth / n, (double) cover / n};
        }
    }

    /** Mean absolute Laplacian of the picture's grey levels, over 255. */
    private static double roughness(Mat bgr) {
        try (Mat gray = new Mat(); Mat lap = new Mat(); Mat abs = new Mat()) {
            cvtColor(bgr, gray, COLOR_BGR2GRAY);
            Laplacian(gray, lap, CV_16S);
            convertScaleAbs(lap, abs);
            try (Scalar m = mean(abs)) {
                return m.get(0) / 255.0;
            }
        }
    }

    /** {@link #roughness} at half scale: averaging four pixels halves independent noise, keeps a load's lumps. */
    private static double halfScaleRoughness(Mat bgr) {
        try (Mat half = new Mat(); Size s = new Size(Math.max(1, bgr.cols() / 2), Math.max(1, bgr.rows() / 2))) {
            resize(bgr, half, s, 0, 0, INTER_AREA);
            return roughness(half);
        }
    }
}
