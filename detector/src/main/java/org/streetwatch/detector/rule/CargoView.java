package org.streetwatch.detector.rule;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import org.streetwatch.violation.Box;

/**
 * What a cargo judge is shown of a truck: the truck with half its size of street around it (the judge reads the
 * scene's light off it), upscaled when the cargo area is smaller than a judge can read — on a CIF sub-stream a load is
 * 5 to 15 pixels tall.
 */
final class CargoView {

    /** Street around the truck, in truck widths and heights on each side. */
    static final double MARGIN = 0.5;

    private CargoView() {
    }

    /**
     * @param picture   the picture the truck is in
     * @param truck     the truck's box in its pixels
     * @param minCargoPx cargo areas less tall are upscaled to this (0: never)
     */
    static CargoJudge.Judgement judge(CargoJudge judge, Mat picture, Box truck, int minCargoPx,
                                      CargoJudge.Thresholds p) {
        Box t = truck.clip(picture.cols(), picture.rows());
        if (t.width() < 1 || t.height() < 1) {
            return CargoJudge.Judgement.UNSURE;
        }
        int x1 = (int) Math.max(0, t.x1() - t.width() * MARGIN);
        int y1 = (int) Math.max(0, t.y1() - t.height() * MARGIN);
        int x2 = (int) Math.min(picture.cols(), Math.ceil(t.x2() + t.width() * MARGIN));
        int y2 = (int) Math.min(picture.rows(), Math.ceil(t.y2() + t.height() * MARGIN));
        double cargo = t.height() * HeuristicCargoJudge.CARGO_TOP;
        double f = minCargoPx > 0 && cargo < minCargoPx ? minCargoPx / cargo : 1;
        try (Rect r = new Rect(x1, y1, x2 - x1, y2 - y1); Mat crop = picture.apply(r); Mat big = new Mat();
             Size size = new Size((int) Math.round((x2 - x1) * f), (int) Math.round((y2 - y1) * f))) {
            Mat seen = crop;
            if (f > 1) {
                resize(crop, big, size, 0, 0, INTER_CUBIC);
                seen = big;
            }
            Box inCrop = new Box((float) ((t.x1() - x1) * f), (float) ((t.y1() - y1) * f), (float) ((t.x2() - x1) * f),
                    (float) ((t.y2() - y1) * f));
            return judge.judge(seen, inCrop, p);
        }
    }
}
