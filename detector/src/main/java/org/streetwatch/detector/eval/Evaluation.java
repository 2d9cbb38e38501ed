package org.streetwatch.detector.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.streetwatch.detector.Detection;
import org.streetwatch.detector.analysis.MotionGate;
import org.streetwatch.detector.inference.Detector;
import org.streetwatch.detector.inference.InferenceException;
import org.streetwatch.detector.inference.Tiling;
import org.streetwatch.detector.track.Track;
import org.streetwatch.detector.track.Tracker;
import org.streetwatch.ingest.decode.DecodeException;
import org.streetwatch.ingest.decode.FileFrames;
import org.streetwatch.ingest.decode.FrameDecoder;
import org.streetwatch.ingest.source.SourceException;
import org.streetwatch.violation.Box;

/**
 * Runs a model (and the tracker) over every {@code every}-th frame of a video and scores it against MOTChallenge
 * ground truth: decoded frame n (0-based) is ground-truth frame n + 1. Frames are decoded at full resolution, as a
 * camera's picture would be.
 */
public final class Evaluation {

    /**
     * What was measured.
     *
     * @param gated analysed frames on which the motion gate skipped inference (their detections were the last ones)
     */
    public record Result(int frames, int analysed, int gated, DetectionScore detection, TrackingScore tracking,
                         double inferenceMsPerFrame) {
    }

    private Evaluation() {
    }

    /** @param gate the motion gate's settings, or null to infer on every analysed frame */
    public static Result run(Detector detector, Tiling tiling, Path video, GroundTruth truth, String className,
                             int every, Tracker.Params trackerParams, MotionGate.Params gate)
            throws SourceException, DecodeException, InferenceException {
        try (FileFrames file = FileFrames.open(video); MotionGate motion = new MotionGate()) {
            Pass pass = new Pass(detector, tiling, truth, className, every, trackerParams, gate, motion,
                    file.info().width(), file.info().height());
            int frames = file.forEach(pass);
            return new Result(frames, pass.analysed, pass.gated, pass.det, pass.trk,
                    pass.inferred == 0 ? 0 : pass.inferNanos / 1e6 / pass.inferred);
        }
    }

    /** One pass over a file's pictures: analyses every {@code every}-th and scores it against the ground truth. */
    private static final class Pass implements FileFrames.Visitor<InferenceException> {
        private final Detector detector;
        private final Tiling tiling;
        private final GroundTruth truth;
        private final String className;
        private final int every;
        private final Tracker.Params trackerParams;
        private final MotionGate.Params gate;
        private final MotionGate motion;
        private final int width;
        private final int height;
        private final DetectionScore det = new DetectionScore();
        private final TrackingScore trk = new TrackingScore();
        private final Tracker tracker = new Tracker();
        private int analysed;
        private int gated;
        private int inferred;
        private long inferNanos;
        private List<Detection> last = List.of();

        Pass(Detector detector, Tiling tiling, GroundTruth truth, String className, int every,
             Tracker.Params trackerParams, MotionGate.Params gate, MotionGate motion, int width, int height) {
            this.detector = detector;
            this.tiling = tiling;
            this.truth = truth;
            this.className = className;
            this.every = every;
            this.trackerParams = trackerParams;
            this.gate = gate;
            this.motion = motion;
            this.width = width;
            this.height = height;
        }

        @Override
        public boolean picture(int frame, FrameDecoder dec) throws InferenceException {
            if (frame % every != 0) {
                return true;
            }
            try (Mat img = dec.toBgr(width, height)) {
                if (gate != null && motion.skip(img, dec.picturePtsUs(), List.of(), gate)) {
                    gated++;
                } else {
                    long t0 = System.nanoTime();
                    last = tiling.detect(detector, img);
                    inferNanos += System.nanoTime() - t0;
                    inferred++;
                }
                score(last, frame, dec.picturePtsUs());
                analysed++;
            }
            return true;
        }

        private void score(List<Detection> found, int frame, long ptsUs) {
            List<Detection> ofClass = new ArrayList<>();
            for (Detection d : found) {
                if (d.label().equals(className)) {
                    ofClass.add(d);
                }
            }
            List<Box> confident = new ArrayList<>();
            for (Detection d : ofClass) {
                if (detector.confident(d)) {
                    confident.add(d.box());
                }
            }
            List<GroundTruth.Object> gt = truth.frame(frame + 1);
            List<Box> gtBoxes = new ArrayList<>();
            for (GroundTruth.Object g : gt) {
                gtBoxes.add(g.box());
            }
            det.add(confident, gtBoxes);
            // the tracker follows the class under its own name, whatever kind the descriptor maps it to
            List<Detection> asKind = new ArrayList<>();
            for (Detection d : ofClass) {
                asKind.add(new Detection(d.classId(), d.label(), className, d.score(), d.box()));
            }
            List<TrackingScore.TrackBox> out = new ArrayList<>();
            for (Track t : tracker.update(asKind, detector::confident, ptsUs, trackerParams)) {
                if (t.seen()) {
                    out.add(new TrackingScore.TrackBox(t.id(), t.box()));
                }
            }
            trk.add(out, gt);
        }
    }
}
