package org.streetwatch.detector.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.streetwatch.detector.Detection;
import org.streetwatch.detector.rule.Rule;
import org.streetwatch.detector.rule.RuleEnv;
import org.streetwatch.detector.rule.RuleType;
import org.streetwatch.detector.rule.ViolationSink;
import org.streetwatch.detector.track.Track;
import org.streetwatch.detector.track.Tracker;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.detector.zone.ZoneType;
import org.streetwatch.ingest.frame.Frame;

/**
 * One camera's analysis state: its tracker and its rules. Driven by one worker at a time (the frame queue guarantees
 * it), so nothing in here is locked.
 */
public final class CameraAnalyzer {

    private final String cameraId;
    private final Tracker tracker = new Tracker();
    private final MotionGate gate = new MotionGate();
    private final List<Rule> rules = new ArrayList<>();
    private List<Detection> lastDetections = List.of();

    public CameraAnalyzer(String cameraId, List<RuleType> types, RuleEnv env) {
        this.cameraId = cameraId;
        for (RuleType t : types) {
            rules.add(t.create(cameraId, env));
        }
    }

    public String cameraId() {
        return cameraId;
    }

    /**
     * True if the frame may skip inference (nothing changed in the zones since the last analysed frame); the frame
     * is then analysed with that frame's detections.
     */
    public boolean unchanged(Frame frame, Scene scene) {
        return gate.skip(frame.image(), frame.ptsUs(), scene.zones(), scene.motion());
    }

    /** The detections of the last frame that went through the detector, in source pixels. */
    public List<Detection> lastDetections() {
        return lastDetections;
    }

    /** Tracks the frame's detections and runs every rule on the result. */
    public List<Track> analyze(Frame frame, List<Detection> detections, Predicate<Detection> confident, Scene scene,
                               ViolationSink sink) {
        lastDetections = detections;
        List<Detection> kept = unmasked(detections, scene, frame.sourceWidth(), frame.sourceHeight());
        List<Track> tracks = tracker.update(kept, confident, frame.ptsUs(), scene.tracker());
        try (Observation o = Observation.of(Picture.of(frame), scene, tracks)) {
            for (Rule r : rules) {
                r.evaluate(o, sink);
            }
        }
        return tracks;
    }

    private static List<Detection> unmasked(List<Detection> detections, Scene scene, int w, int h) {
        List<Zone> masks = scene.zones(ZoneType.MASK);
        if (masks.isEmpty()) {
            return detections;
        }
        List<Detection> out = new ArrayList<>(detections.size());
        for (Detection d : detections) {
            boolean masked = false;
            for (Zone m : masks) {
                masked |= m.contains(d.box().groundX() / w, d.box().groundY() / h);
            }
            if (!masked) {
                out.add(d);
            }
        }
        return out;
    }

    /** The stream ended: every rule ends what it has open. */
    public void end(ViolationSink sink) {
        for (Rule r : rules) {
            r.end(sink);
        }
        gate.close();
    }
}
