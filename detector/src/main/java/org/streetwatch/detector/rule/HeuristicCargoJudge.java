package org.streetwatch.detector.rule;

import static org.bytedeco.opencv.global.opencv_core.CV_16S;
import static org.bytedeco.opencv.global.opencv_core.convertScaleAbs;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2HSV;
import static org.bytedeco.opencv.global.opencv_imgproc.Laplacian;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.nio.ByteBuffer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.streetwatch.config.Settings;
import org.streetwatch.detector.Box;

/**
 * The built-in cargo judge. Seen from a street camera above and behind, a muck truck's load is the upper part of its
 * box. An uncovered load (soil, sand, gravel, debris) is earth-coloured and rough; the covers the regulations ask for
 * are dust nets and tarpaulins, mostly green or blue and smooth. So: enough saturated green/blue means covered; enough
 * earth colour with enough texture means uncovered; anything else is unsure and does not count.
 */
public final class HeuristicCargoJudge implements CargoJudge {

    /** The cargo area: the top part of the truck's box, without its side margins. */
    static final double CARGO_TOP = 0.45;
    static final double CARGO_MARGIN = 0.1;

    @Override
    public Verdict judge(Mat bgr, Box truck, Settings p) {
        Box t = truck.clip(bgr.cols(), bgr.rows());
        int x = (int) (t.x1() + t.width() * CARGO_MARGIN);
        int w = (int) (t.width() * (1 - 2 * CARGO_MARGIN));
        int h = (int) (t.height() * CARGO_TOP);
        if (w < 8 || h < 8) {
            return Verdict.UNSURE;
        }
        try (Rect r = new Rect(x, (int) t.y1(), w, h); Mat roi = bgr.apply(r); Mat hsv = new Mat();
             Mat gray = new Mat(); Mat lap = new Mat(); Mat abs = new Mat()) {
            cvtColor(roi, hsv, COLOR_BGR2HSV);
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
            cvtColor(roi, gray, COLOR_BGR2GRAY);
            Laplacian(gray, lap, CV_16S);
            convertScaleAbs(lap, abs);
            double texture;
            try (Scalar m = mean(abs)) {
                texture = m.get(0) / 255.0;
            }
            if ((double) cover / n >= p.getDouble("cover_min")) {
                return Verdict.COVERED;
            }
            if ((double) earth / n >= p.getDouble("earth_min") && texture >= p.getDouble("texture_min")) {
                return Verdict.UNCOVERED;
            }
            return Verdict.UNSURE;
        }
    }
}
