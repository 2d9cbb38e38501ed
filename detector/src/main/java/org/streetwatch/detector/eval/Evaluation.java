package org.streetwatch.detector.eval;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.streetwatch.detector.Box;
import org.streetwatch.detector.Detection;
import org.streetwatch.detector.analysis.MotionGate;
import org.streetwatch.detector.inference.Detector;
import org.streetwatch.detector.inference.InferenceException;
import org.streetwatch.detector.inference.Tiling;
import org.streetwatch.detector.track.Track;
import org.streetwatch.detector.track.Tracker;
import org.streetwatch.ingest.decode.DecodeException;
import org.streetwatch.ingest.decode.FrameDecoder;
import org.streetwatch.ingest.packet.Packet;
import org.streetwatch.ingest.source.CameraClock;
import org.streetwatch.ingest.source.PacketSource;
import org.streetwatch.ingest.source.SourceException;

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
        DetectionScore det = new DetectionScore();
        TrackingScore trk = new TrackingScore();
        Tracker tracker = new Tracker();
        int frame = 0;
        int analysed = 0;
        int gated = 0;
        int inferred = 0;
        long inferNanos = 0;
        List<Detection> last = List.of();
        try (PacketSource src = PacketSource.open(video.toString(), Duration.ofSeconds(10));
             FrameDecoder dec = new FrameDecoder(src.info()); MotionGate motion = new MotionGate()) {
            CameraClock clock = new CameraClock(false, 0);
            int w = src.info().width();
            int h = src.info().height();
            PacketSource.Read r;
            while ((r = src.read(Duration.ofSeconds(10))) != null) {
                long[] t = clock.map(r.ptsUs(), r.dtsUs(), 0);
                if (r.corrupt() || !dec.decode(new Packet(t[0], t[1], r.durationUs(), r.key(), r.data()))) {
                    continue;
                }
                if (frame % every == 0) {
                    try (Mat img = dec.toBgr(w, h)) {
                        if (gate != null && motion.skip(img, dec.picturePtsUs(), List.of(), gate)) {
                            gated++;
                        } else {
                            long t0 = System.nanoTime();
                            last = tiling.detect(detector, img);
                            inferNanos += System.nanoTime() - t0;
                            inferred++;
                        }
                        score(last, frame, dec.picturePtsUs(), detector, className, truth, det, trk, tracker,
                                trackerParams);
                        analysed++;
                    }
                }
                frame++;
            }
            // a decoder with reordering delay hands out its last picture only when drained
            if (dec.drain()) {
                if (frame % every == 0) {
                    try (Mat img = dec.toBgr(w, h)) {
                        score(tiling.detect(detector, img), frame, dec.picturePtsUs(), detector, className, truth,
                                det, trk, tracker, trackerParams);
                        analysed++;
                    }
                }
                frame++;
            }
        }
        return new Result(frame, analysed, gated, det, trk, inferred == 0 ? 0 : inferNanos / 1e6 / inferred);
    }

    private static void score(List<Detection> found, int frame, long ptsUs, Detector detector, String className,
                              GroundTruth truth, DetectionScore det, TrackingScore trk, Tracker tracker,
                              Tracker.Params params) {
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
        for (Track t : tracker.update(asKind, detector::confident, ptsUs, params)) {
            if (t.seen()) {
                out.add(new TrackingScore.TrackBox(t.id(), t.box()));
            }
        }
        trk.add(out, gt);
    }
}
