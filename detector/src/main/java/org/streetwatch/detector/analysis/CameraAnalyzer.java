package org.streetwatch.detector.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.detector.Detection;
import org.streetwatch.detector.aim.AimCheck;
import org.streetwatch.detector.aim.CameraState;
import org.streetwatch.detector.aim.Condition;
import org.streetwatch.detector.recheck.Rechecks;
import org.streetwatch.detector.rule.Rule;
import org.streetwatch.detector.rule.RuleEnv;
import org.streetwatch.detector.rule.RuleType;
import org.streetwatch.detector.track.Track;
import org.streetwatch.detector.track.Tracker;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.ingest.frame.Frame;
import org.streetwatch.violation.ViolationSink;
import org.streetwatch.violation.ZoneType;

/**
 * One camera's analysis state: its aim check, tracker and rules. Driven by one worker at a time (the frame queue
 * guarantees it), so nothing in here is locked.
 */
public final class CameraAnalyzer {

    private static final Logger LOG = LoggerFactory.getLogger(CameraAnalyzer.class);

    private final String cameraId;
    private final DetectorMetrics metrics;
    private final AimCheck aimCheck = new AimCheck();
    private final Tracker tracker = new Tracker();
    private final MotionGate gate = new MotionGate();
    private final List<Rule> rules = new ArrayList<>();
    private List<Detection> lastDetections = List.of();
    /** Zone id to the stream time its area was last detected (detection on the zones' boxes). */
    private final Map<String, Long> zoneDetectedUs = new HashMap<>();
    private Condition condition; // null until the first picture
    private Scene configured;
    private Scene moved;
    private long lastUs = -1;

    public CameraAnalyzer(String cameraId, List<RuleType<?>> types, RuleEnv env, DetectorMetrics metrics) {
        this.cameraId = cameraId;
        this.metrics = metrics;
        for (RuleType<?> t : types) {
            rules.add(t.create(cameraId, env));
        }
    }

    /**
     * The scene as the camera sees it now: the configured one, or its zones moved with a shifted picture; null while
     * the camera is misaimed, covered or blurred, its rules suspended (what they had open ended when it began).
     * Counts the camera time each zone is watched.
     */
    public Scene aim(Frame frame, Scene scene, ViolationSink sink) {
        Condition c = aimCheck.check(frame.image(), frame.ptsUs(), scene.aim());
        double shiftPixels = c.shift() * frame.sourceWidth();
        // a finding that says what the last one did changes nothing: the zones stay where they were put
        if (condition == null || c != condition && !c.same(condition, scene.aim().shiftMin())) {
            if (condition != null || c.state() != CameraState.OK) {
                LOG.info("camera {}: picture {} against its reference (moved {} px){}", cameraId, c.state().key(),
                        Math.round(shiftPixels), c.state() == CameraState.SHIFTED ? ": zones moved with it"
                                : c.state().suspends() ? ": rules suspended" : "");
            }
            if (c.state().suspends() && (condition == null || !condition.state().suspends())) {
                end(rules, sink);
            }
            condition = c;
            moved = null;
            metrics.aim(cameraId, c.state(), shiftPixels);
        }
        long since = lastUs;
        lastUs = frame.ptsUs();
        if (condition.state().suspends()) {
            return null;
        }
        if (condition.state() == CameraState.SHIFTED && (moved == null || configured != scene)) {
            List<Zone> zones = new ArrayList<>();
            for (Zone z : scene.zones()) {
                zones.add(z.withPolygon(condition.move(z.polygon())));
            }
            moved = scene.withZones(zones);
        }
        if (configured != scene) {
            zoneDetectedUs.clear(); // zones added, removed or edited: each is detected anew
        }
        configured = scene;
        Scene seen = condition.state() == CameraState.SHIFTED ? moved : scene;
        if (since >= 0 && lastUs > since) {
            for (Zone z : seen.zones()) {
                if (z.type() != ZoneType.MASK && z.activeAt(frame.wallMs())) {
                    metrics.watched(cameraId, z.id(), (lastUs - since) / 1e6);
                }
            }
        }
        return seen;
    }

    /** What the last check found of the camera's aim. */
    public Condition condition() {
        return condition != null ? condition : Condition.FIRST;
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

    /** The interval until this camera's next picture should be analysed, after {@link #unchanged} judged this one. */
    public long samplingIntervalUs(Frame frame, Scene scene) {
        return scene.samplingIntervalUs(frame.wallMs(), gate);
    }

    /**
     * What zone {@code z}'s rules need of this frame: due once its interval has passed since its area was last
     * detected (less half the camera's shortest interval, so a sample that comes a little early is not missed).
     */
    public ZoneCrop.Need need(Zone z, Frame frame, Scene scene) {
        long interval = scene.zoneIntervalUs(z, frame.wallMs(), gate.in(z));
        if (interval == Long.MAX_VALUE) {
            return ZoneCrop.Need.NONE;
        }
        Long last = zoneDetectedUs.get(z.id());
        return last == null || frame.ptsUs() - last >= interval - scene.sampling().floorUs() / 2 ? ZoneCrop.Need.NOW
                : ZoneCrop.Need.LATER;
    }

    /** The zones whose areas were detected on this frame. */
    public void detected(List<Zone> zones, Frame frame) {
        for (Zone z : zones) {
            zoneDetectedUs.put(z.id(), frame.ptsUs());
        }
    }

    /** The detections of the last frame that went through the detector, in source pixels. */
    public List<Detection> lastDetections() {
        return lastDetections;
    }

    /** Tracks the frame's detections, runs every rule on the result, then the camera's due re-checks (or null). */
    public List<Track> analyze(Frame frame, List<Detection> detections, Predicate<Detection> confident, Scene scene,
                               ViolationSink sink, Rechecks rechecks) {
        lastDetections = detections;
        List<Detection> kept = unmasked(detections, scene, frame.sourceWidth(), frame.sourceHeight());
        List<Track> tracks = tracker.update(kept, confident, frame.ptsUs(), scene.tracker());
        try (Observation o = Observation.of(Picture.of(frame), scene, tracks)) {
            for (Rule r : rules) {
                r.evaluate(o, sink);
            }
            if (rechecks != null) {
                rechecks.judge(o, rules);
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
        end(rules, sink);
        gate.close();
        aimCheck.close();
    }

    private static void end(List<Rule> rules, ViolationSink sink) {
        for (Rule r : rules) {
            r.end(sink);
        }
    }
}
