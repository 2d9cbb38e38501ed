package org.streetwatch.benchmarks.detector;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.streetwatch.detector.aim.AimCheck;
import org.streetwatch.detector.background.StaticChange;
import org.streetwatch.detector.background.ZonePicture;
import org.streetwatch.detector.testing.CameraViews;
import org.streetwatch.detector.zone.Polygon;
import org.streetwatch.detector.zone.Schedule;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.ZoneType;

/**
 * The cost of the steps issue 13 adds to an analysed picture, on real vtest pictures at the analysed size (416x416,
 * as the daemon decodes them for YOLOX-Nano): the stationary-object step per watched zone (the zone's grey picture
 * and the background pair), and one aim check (ORB, matching, RANSAC homography, spread and sharpness), which runs
 * once per {@code check_s} rather than per picture. Medians of a timing loop after a warm-up, in ms.
 */
public final class SceneChecksBenchmark {

    private static final int SIZE = 416;
    private static final int ROUNDS = 400;

    public static void main(String[] args) throws Exception {
        List<Mat> pictures = new ArrayList<>();
        for (Mat m : Fixtures.frames(60)) {
            Mat small = new Mat();
            resize(m, small, new Size(SIZE, SIZE), 0, 0, INTER_AREA);
            pictures.add(small);
            m.close();
        }
        Zone half = zone(0.20, 0.36, 0.70, 0.64);
        Zone whole = zone(0, 0, 1, 1);
        System.out.printf(Locale.ROOT, "| step | ms per analysed picture (median of %d) |%n|---|---|%n", ROUNDS);
        System.out.printf(Locale.ROOT, "| stationary objects, a zone of 50%% x 28%% of the picture | %.3f |%n",
                staticChange(pictures, half));
        System.out.printf(Locale.ROOT, "| stationary objects, a zone of the whole picture | %.3f |%n",
                staticChange(pictures, whole));
        double aim = aimCheck(pictures);
        System.out.printf(Locale.ROOT, "| aim check, one check (ORB 1000 features at 320 px, match, RANSAC) | %.3f |%n",
                aim);
        System.out.printf(Locale.ROOT, "| aim check per analysed picture (check_s 60, a picture a second) | %.4f |%n",
                aim / 60);
    }

    private static Zone zone(double x1, double y1, double x2, double y2) {
        return new Zone("z", ZoneType.NO_STORAGE, new Polygon(List.of(new double[] {x1, y1}, new double[] {x2, y1},
                new double[] {x2, y2}, new double[] {x1, y2})), null, null, Schedule.ALWAYS, Map.of());
    }

    /** The rule's work per picture and zone: its grey picture, then the background pair's update. */
    private static double staticChange(List<Mat> pictures, Zone zone) {
        StaticChange.Params p = new StaticChange.Params(300_000_000L, 1_800_000_000L, 3_000_000L, 8, 0.5, 25);
        try (ZonePicture picture = new ZonePicture(zone, SIZE, SIZE)) {
            StaticChange model = new StaticChange(picture.width(), picture.height(), picture.inZone());
            byte[] cover = new byte[picture.width() * picture.height()];
            double[] ms = new double[ROUNDS];
            for (int i = 0; i < ROUNDS + 100; i++) {
                long t0 = System.nanoTime();
                model.update(i * 1_000_000L, picture.grey(pictures.get(i % pictures.size())), cover, p);
                if (i >= 100) {
                    ms[i - 100] = (System.nanoTime() - t0) / 1e6;
                }
            }
            return median(ms);
        }
    }

    /** One check against the first picture, on the footage moved by 5 % (the matching does its full work). */
    private static double aimCheck(List<Mat> pictures) {
        AimCheck.Params p = new AimCheck.Params(true, 1, 0.01, 0.15, 25, 6, 0.35);
        List<Mat> moved = new ArrayList<>();
        for (Mat m : pictures) {
            moved.add(CameraViews.moved(m, 0.05, 0));
        }
        try (AimCheck check = new AimCheck()) {
            check.check(pictures.get(0), 0, p);
            double[] ms = new double[ROUNDS / 4];
            for (int i = 0; i < ms.length + 20; i++) {
                long t0 = System.nanoTime();
                check.check(moved.get(i % moved.size()), (i + 1) * 1_000_000L, p);
                if (i >= 20) {
                    ms[i - 20] = (System.nanoTime() - t0) / 1e6;
                }
            }
            return median(ms);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
