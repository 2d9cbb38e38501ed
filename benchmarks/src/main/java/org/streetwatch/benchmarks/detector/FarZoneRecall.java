package org.streetwatch.benchmarks.detector;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
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
 * (the plaza's back, people ~40 px tall in the camera picture) and a near one. The box twice: at the picture's scale
 * on an input fitted to it ({@code fit_input: true}: its share of the pixels), and enlarged to the network's whole
 * square input ({@code fit_input: false}: more pixels per person, at the cost of a whole inference). A person counts
 * as in the zone by the bottom centre of their ground-truth box; found if a confident person detection overlaps it by
 * IoU >= 0.5. Packed ({@code detector.zone_pack}): the zone's box shares one inference with three other cameras'
 * boxes (the same zone's box of the next three pictures, the picture's own box in turn in each of the four tiles)
 * where it fits a tile at no less than the whole picture's scale, else it goes alone as in the zone box column.
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
                "near (front)", new double[] {0.0, 0.62, 1.0, 1.0},
                "far right (the throughput run's entrance zone)", new double[] {0.74, 0.18, 0.99, 0.42});
        System.out.println("| zone | people in it (80 pictures) | recall, whole picture | recall, zone box (fitted, "
                + "the picture's scale) | recall, zone box enlarged to the square input | recall, zone box packed "
                + "| box share of the picture | inferences per picture, packed |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        try (Detector det = Fixtures.detector("yolox_nano", Detector.Options.defaults().withLowScore(0.1)
                     .withFit(true));
             Detector square = Fixtures.detector("yolox_nano", Detector.Options.defaults().withLowScore(0.1)
                     .withFit(false))) {
            for (Map.Entry<String, double[]> z : zones.entrySet()) {
                double[] b = z.getValue();
                Scene scene = new Scene("vtest", List.of(new Zone("z", ZoneType.NO_VENDING, new Polygon(List.of(
                        new double[] {b[0], b[1]}, new double[] {b[2], b[1]}, new double[] {b[2], b[3]},
                        new double[] {b[0], b[3]})), null, null, Schedule.ALWAYS, Map.of())), Map.of(),
                        Tracker.Params.of(Tracker.CONFIG.defaults()), MotionGate.Params.of(MotionGate.CONFIG.defaults()),
                        AimCheck.Params.of(AimCheck.CONFIG.defaults()), ZoneId.of("Asia/Shanghai"));
                int people = 0;
                int[] found = new int[4];
                List<Mat> small = shrunk(frames);
                List<Mat> crops = new ArrayList<>();
                int[] box = new ZoneCrop(true, 1.0).box(scene, 0, small.get(0).cols(), small.get(0).rows());
                for (Mat m : small) {
                    try (Rect r = new Rect(box[0], box[1], box[2], box[3])) {
                        crops.add(m.apply(r));
                    }
                }
                double share = (double) box[2] * box[3] / (small.get(0).cols() * small.get(0).rows());
                boolean fits = det.mosaic().fits(box[2], box[3], small.get(0).cols(), small.get(0).rows());
                for (int i = 0; i < frames.size(); i++) {
                    Mat full = frames.get(i);
                    double scale = (double) small.get(i).cols() / full.cols();
                    List<List<Detection>> runs = List.of(
                            ZoneCrop.OFF.detect(det, Tiling.NONE, small.get(i), scene, 0),
                            new ZoneCrop(true, 1.0).detect(det, Tiling.NONE, small.get(i), scene, 0),
                            new ZoneCrop(true, 1.0).detect(square, Tiling.NONE, small.get(i), scene, 0),
                            fits ? packed(det, crops, i, box, small.get(i))
                                    : new ZoneCrop(true, 1.0).detect(det, Tiling.NONE, small.get(i), scene, 0));
                    for (GroundTruth.Object o : gt.frame(1 + 10 * i)) {
                        Box g = o.box();
                        double gx = (g.x1() + g.x2()) / 2 / full.cols();
                        double gy = g.y2() / full.rows();
                        if (gx < b[0] || gx > b[2] || gy < b[1] || gy > b[3]) {
                            continue;
                        }
                        people++;
                        for (int k = 0; k < runs.size(); k++) {
                            found[k] += matched(g, runs.get(k), scale, det) ? 1 : 0;
                        }
                    }
                }
                System.out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.3f | %.2f | %s |%n", z.getKey(),
                        people, (double) found[0] / people, (double) found[1] / people, (double) found[2] / people,
                        (double) found[3] / people, share,
                        fits ? "0.25" : "1 (does not fit a tile)");
                crops.forEach(Mat::close);
                small.forEach(Mat::close);
            }
        }
    }

    /** The pictures at the detector's size, as ingest hands them over. */
    private static List<Mat> shrunk(List<Mat> frames) {
        List<Mat> out = new ArrayList<>();
        for (Mat full : frames) {
            int[] wh = new FrameSize(416, 416).fit(full.cols(), full.rows());
            Mat small = new Mat();
            try (Size size = new Size(wh[0], wh[1])) {
                opencv_imgproc.resize(full, small, size, 0, 0, opencv_imgproc.INTER_AREA);
            }
            out.add(small);
        }
        return out;
    }

    /** Picture i's box in tile i % 4 of a mosaic with the boxes of the next pictures; in its picture's pixels. */
    private static List<Detection> packed(Detector det, List<Mat> crops, int i, int[] box, Mat picture)
            throws Exception {
        List<Mat> four = new ArrayList<>();
        int tile = i % 4;
        for (int k = 0; k < 4; k++) {
            four.add(crops.get((i + k - tile + crops.size()) % crops.size()));
        }
        List<Detection> out = new ArrayList<>();
        for (Detection d : det.detectPacked(four, picture.cols(), picture.rows()).get(tile)) {
            Box b = d.box();
            out.add(new Detection(d.classId(), d.label(), d.kind(), d.score(),
                    new Box(b.x1() + box[0], b.y1() + box[1], b.x2() + box[0], b.y2() + box[1])));
        }
        return out;
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
