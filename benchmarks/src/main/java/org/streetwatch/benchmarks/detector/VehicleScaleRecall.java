package org.streetwatch.benchmarks.detector;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.streetwatch.detector.Detection;
import org.streetwatch.detector.inference.Detector;
import org.streetwatch.ingest.decode.FileFrames;
import org.streetwatch.ingest.testing.SharedData;

/**
 * Whether pictures only the muck-truck rule needs (a road zone, every second) could be drawn smaller on the fitted
 * input, trucks being large (measured, not built: see the README's cost section): the vehicles (cars and trucks, what
 * that rule looks at) the network finds in a picture drawn at a share of its usual scale, against those it finds at
 * the usual scale, on the two motorway clips (320x240, enlarged to 416x312 as a larger camera's picture reaches the
 * detector, so their vehicles are as small as a real road camera's far ones), one picture every 10 frames. A vehicle
 * counts as kept if a vehicle detection overlaps it by IoU >= 0.5; a truck as kept if that detection is a truck too.
 * Milliseconds per picture are medians over the pictures, the usual scale and the share run alternately.
 *
 * <p>Usage: VehicleScaleRecall [share...] (default 0.5 0.6 0.7 0.8)
 */
public final class VehicleScaleRecall {

    private VehicleScaleRecall() {
    }

    public static void main(String[] args) throws Exception {
        double[] shares = args.length > 0 ? Arrays.stream(args).mapToDouble(Double::parseDouble).toArray()
                : new double[] {0.5, 0.6, 0.7, 0.8};
        System.out.println("| footage | share | vehicles (usual scale) | kept | trucks | trucks kept as trucks "
                + "| kept, < 24 px tall | kept, 24-48 px | kept, >= 48 px | ms usual | ms at the share | ratio |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        try (Detector det = Fixtures.detector("yolox_nano", Detector.Options.defaults().withFit(true))) {
            if (!det.fitted()) {
                throw new IllegalStateException("yolox_nano's descriptor does not allow a fitted input (input.fit)");
            }
            for (String clip : List.of("highway_cctv_truck_cyclist_h264.mp4", "highway_overpass_h264.mp4")) {
                List<Mat> pictures = pictures(SharedData.video(clip));
                for (double share : shares) {
                    System.out.println(row(det, clip, pictures, share));
                }
                pictures.forEach(Mat::close);
            }
        }
    }

    /** One picture every 10 frames, enlarged to 416x312. */
    private static List<Mat> pictures(Path video) throws Exception {
        List<Mat> out = new ArrayList<>();
        try (FileFrames file = FileFrames.open(video); Size size = new Size(416, 312)) {
            file.forEach((i, dec) -> {
                if (i % 10 == 0) {
                    try (Mat m = dec.toBgr(file.info().width(), file.info().height())) {
                        Mat big = new Mat();
                        opencv_imgproc.resize(m, big, size, 0, 0, opencv_imgproc.INTER_LINEAR);
                        out.add(big);
                    }
                }
                return true;
            });
        }
        return out;
    }

    private static String row(Detector det, String clip, List<Mat> pictures, double share) throws Exception {
        int[] all = new int[3];
        int[] kept = new int[3];
        int trucks = 0;
        int trucksKept = 0;
        double[] usualMs = new double[pictures.size()];
        double[] shareMs = new double[pictures.size()];
        for (int i = 0; i < pictures.size(); i++) {
            Mat p = pictures.get(i);
            long t0 = System.nanoTime();
            List<Detection> usual = vehicles(det, det.detectCrop(p, p.cols(), p.rows()));
            long t1 = System.nanoTime();
            List<Detection> small = vehicles(det, smaller(det, p, share));
            long t2 = System.nanoTime();
            usualMs[i] = (t1 - t0) / 1e6;
            shareMs[i] = (t2 - t1) / 1e6;
            for (Detection v : usual) {
                int size = v.box().height() < 24 ? 0 : v.box().height() < 48 ? 1 : 2;
                all[size]++;
                Detection match = match(v, small);
                if (match != null) {
                    kept[size]++;
                }
                if (v.kind().equals("truck")) {
                    trucks++;
                    trucksKept += match != null && match.kind().equals("truck") ? 1 : 0;
                }
            }
        }
        int n = all[0] + all[1] + all[2];
        int k = kept[0] + kept[1] + kept[2];
        double usual = median(usualMs);
        double atShare = median(shareMs);
        return String.format(Locale.ROOT, "| %s | %.2f | %d | %.3f | %d | %s | %s | %s | %s | %.1f | %.1f | %.2fx |",
                clip, share, n, n == 0 ? 0 : (double) k / n, trucks, ratio(trucksKept, trucks), ratio(kept[0], all[0]),
                ratio(kept[1], all[1]), ratio(kept[2], all[2]), usual, atShare, atShare / usual);
    }

    /**
     * The picture drawn at {@code share} of its scale on the fitted input: made that much smaller, then detected as a
     * crop of the full picture (drawn at its own pixels, as the full picture is at 416x312); boxes in the picture's
     * pixels.
     */
    private static List<Detection> smaller(Detector det, Mat p, double share) throws Exception {
        if (share >= 1) {
            return det.detectCrop(p, p.cols(), p.rows());
        }
        try (Mat small = new Mat(); Size size = new Size((int) Math.round(p.cols() * share),
                (int) Math.round(p.rows() * share))) {
            opencv_imgproc.resize(p, small, size, 0, 0, opencv_imgproc.INTER_LINEAR);
            List<Detection> out = new ArrayList<>();
            for (Detection d : det.detectCrop(small, p.cols(), p.rows())) {
                out.add(new Detection(d.classId(), d.label(), d.kind(), d.score(), d.box().scale(1 / share)));
            }
            return out;
        }
    }

    private static List<Detection> vehicles(Detector det, List<Detection> found) {
        return found.stream().filter(d -> det.confident(d) && ("car".equals(d.kind()) || "truck".equals(d.kind())))
                .toList();
    }

    private static Detection match(Detection v, List<Detection> in) {
        Detection best = null;
        double bestIou = 0.5;
        for (Detection d : in) {
            double iou = d.box().iou(v.box());
            if (iou >= bestIou) {
                best = d;
                bestIou = iou;
            }
        }
        return best;
    }

    private static String ratio(int k, int n) {
        return n == 0 ? "-" : String.format(Locale.ROOT, "%.3f (%d)", (double) k / n, n);
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
