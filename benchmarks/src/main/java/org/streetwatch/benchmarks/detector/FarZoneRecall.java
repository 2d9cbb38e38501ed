package org.streetwatch.benchmarks.detector;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.streetwatch.detector.Detection;
import org.streetwatch.detector.aim.AimCheck;
import org.streetwatch.detector.analysis.MotionGate;
import org.streetwatch.detector.analysis.Scene;
import org.streetwatch.detector.analysis.ZoneCrop;
import org.streetwatch.detector.eval.GroundTruth;
import org.streetwatch.detector.inference.Detector;
import org.streetwatch.detector.inference.Tiling;
import org.streetwatch.detector.track.Tracker;
import org.streetwatch.detector.zone.Polygon;
import org.streetwatch.detector.zone.Schedule;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.ingest.frame.FrameSize;
import org.streetwatch.ingest.testing.SharedData;
import org.streetwatch.violation.Box;
import org.streetwatch.violation.ZoneType;

/**
 * Person recall inside one zone of vtest (PETS09-S2L1 ground truth, one picture a second at the detector's size, as
 * ingest hands it over): the whole picture through the network against the zone's box ({@link ZoneCrop}), a far zone
 * (the plaza's back, people ~40 px tall in the camera picture) and a near one. A person counts as in the zone by the
 * bottom centre of their ground-truth box; found if a confident person detection overlaps it by IoU >= 0.5.
 *
 * <p>Usage: FarZoneRecall
 */
public final class FarZoneRecall {

    private FarZoneRecall() {
    }

    public static void main(String[] args) throws Exception {
        List<Mat> frames = Fixtures.frames(80);
        GroundTruth gt = GroundTruth.read(SharedData.require("data/annotations/mot15/PETS09-S2L1/gt/gt.txt"));
        Map<String, double[]> zones = Map.of("far (back of the plaza)", new double[] {0.25, 0.12, 0.85, 0.4},
                "near (front)", new double[] {0.0, 0.62, 1.0, 1.0});
        System.out.println("| zone | people in it (80 pictures) | recall, whole picture | recall, zone box | box share "
                + "of the picture |");
        System.out.println("|---|---|---|---|---|");
        try (Detector det = Fixtures.detector("yolox_nano", Detector.Options.defaults().withLowScore(0.1))) {
            for (Map.Entry<String, double[]> z : zones.entrySet()) {
                double[] b = z.getValue();
                Scene scene = new Scene("vtest", List.of(new Zone("z", ZoneType.NO_VENDING, new Polygon(List.of(
                        new double[] {b[0], b[1]}, new double[] {b[2], b[1]}, new double[] {b[2], b[3]},
                        new double[] {b[0], b[3]})), null, null, Schedule.ALWAYS, Map.of())), Map.of(),
                        Tracker.Params.of(Tracker.CONFIG.defaults()), MotionGate.Params.of(MotionGate.CONFIG.defaults()),
                        AimCheck.Params.of(AimCheck.CONFIG.defaults()), ZoneId.of("Asia/Shanghai"));
                int people = 0;
                int[] found = new int[2];
                double share = 0;
                for (int i = 0; i < frames.size(); i++) {
                    Mat full = frames.get(i);
                    int[] wh = new FrameSize(416, 416).fit(full.cols(), full.rows());
                    double scale = (double) wh[0] / full.cols();
                    try (Mat small = new Mat(); Size size = new Size(wh[0], wh[1])) {
                        opencv_imgproc.resize(full, small, size, 0, 0, opencv_imgproc.INTER_AREA);
                        int[] box = new ZoneCrop(true, 1.0).box(scene, 0, small.cols(), small.rows());
                        share = box == null ? 1 : (double) box[2] * box[3] / (small.cols() * small.rows());
                        List<List<Detection>> runs = List.of(
                                ZoneCrop.OFF.detect(det, Tiling.NONE, small, scene, 0),
                                new ZoneCrop(true, 1.0).detect(det, Tiling.NONE, small, scene, 0));
                        for (GroundTruth.Object o : gt.frame(1 + 10 * i)) {
                            Box g = o.box();
                            double gx = (g.x1() + g.x2()) / 2 / full.cols();
                            double gy = g.y2() / full.rows();
                            if (gx < b[0] || gx > b[2] || gy < b[1] || gy > b[3]) {
                                continue;
                            }
                            people++;
                            for (int k = 0; k < 2; k++) {
                                found[k] += matched(g, runs.get(k), scale, det) ? 1 : 0;
                            }
                        }
                    }
                }
                System.out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.2f |%n", z.getKey(), people,
                        (double) found[0] / people, (double) found[1] / people, share);
            }
        }
    }

    private static boolean matched(Box truth, List<Detection> dets, double scale, Detector det) {
        for (Detection d : dets) {
            if (d.label().equals("person") && det.confident(d) && d.box().scale(1 / scale).iou(truth) >= 0.5) {
                return true;
            }
        }
        return false;
    }
}
