package org.streetwatch.detector.rule;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.streetwatch.config.ConfigException;
import org.streetwatch.config.Settings;
import org.streetwatch.detector.Detection;
import org.streetwatch.detector.aim.AimCheck;
import org.streetwatch.detector.analysis.MotionGate;
import org.streetwatch.detector.analysis.Observation;
import org.streetwatch.detector.analysis.Picture;
import org.streetwatch.detector.analysis.PlainPicture;
import org.streetwatch.detector.analysis.Scene;
import org.streetwatch.detector.track.Track;
import org.streetwatch.detector.track.Tracker;
import org.streetwatch.detector.zone.Polygon;
import org.streetwatch.detector.zone.Schedule;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.Box;
import org.streetwatch.violation.NearMiss;
import org.streetwatch.violation.Violation;
import org.streetwatch.violation.ViolationSink;
import org.streetwatch.violation.ZoneType;
import tools.jackson.databind.json.JsonMapper;

/**
 * One rule on one camera, fed plain pictures and plain detections one second apart, through the real tracker: what
 * it confirms and records is kept for the test to read. Pictures belong to the caller.
 */
final class RuleHarness implements ViolationSink {

    static final long START_WALL_MS = 1_764_000_000_000L;

    final List<Violation> confirmed = new ArrayList<>();
    final List<Violation> ended = new ArrayList<>();
    final List<Violation> warned = new ArrayList<>();
    final List<NearMiss> nearMisses = new ArrayList<>();
    private final Rule rule;
    private Scene scene;
    private final Tracker tracker = new Tracker();
    private Mat recorded;
    private long startWallMs = START_WALL_MS;

    RuleHarness(RuleType<?> type, Map<String, Object> overrides, Zone... zones) {
        this(type, RuleEnv.standalone(), overrides, zones);
    }

    RuleHarness(RuleType<?> type, RuleEnv env, Map<String, Object> overrides, Zone... zones) {
        Settings settings;
        Settings trackerSettings;
        try {
            settings = type.config().defaults().with(type.config().parseOverrides(
                    JsonMapper.builder().build().valueToTree(overrides), "test", "rules." + type.name()));
            trackerSettings = Tracker.CONFIG.defaults().with(Tracker.CONFIG.parseOverrides(
                    JsonMapper.builder().build().valueToTree(Map.of("stationary_min_s", 3)), "test", "tracker"));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e);
        }
        Map<String, Settings> rules = new HashMap<>();
        rules.put(type.name(), settings);
        scene = new Scene("cam", List.of(zones), rules, Tracker.Params.of(trackerSettings),
                MotionGate.Params.of(MotionGate.CONFIG.defaults()), AimCheck.Params.of(AimCheck.CONFIG.defaults()),
                ZoneId.of("UTC"));
        rule = type.create("cam", env);
    }

    /** From the next frame on, the camera has these zones instead (a config edit applied while running). */
    RuleHarness zones(Zone... zones) {
        scene = new Scene("cam", List.of(zones), scene.rules(), scene.tracker(), scene.motion(), scene.aim(),
                scene.timeZone());
        return this;
    }

    static Zone zone(String id, ZoneType type, double x1, double y1, double x2, double y2) {
        return new Zone(id, type, new Polygon(List.of(new double[] {x1, y1}, new double[] {x2, y1},
                new double[] {x2, y2}, new double[] {x1, y2})), null, null, Schedule.ALWAYS, Map.of());
    }

    static Detection detection(String kind, Box box) {
        return new Detection(0, kind, kind, 0.9f, box);
    }

    /** The wall-clock time of second 0 (schedules are read from it). */
    RuleHarness startingAt(long wallMs) {
        this.startWallMs = wallMs;
        return this;
    }

    /** The main stream's picture every later frame offers (null: the camera has none). */
    void recorded(Mat main) {
        this.recorded = main;
    }

    /** The picture at second {@code t} (its own size is the camera's) with these detections. */
    void frame(double t, Mat image, List<Detection> detections) {
        long pts = Math.round(t * 1e6);
        Picture p = new PlainPicture("cam", pts, startWallMs + pts / 1000, image, recorded);
        try (Observation o = Observation.of(p, scene, track(pts, detections))) {
            rule.evaluate(o, this);
        }
    }

    /** Second {@code t} of a {@code width x height} camera, as plain tracks without a picture. */
    void frame(double t, int width, int height, List<Detection> detections) {
        long pts = Math.round(t * 1e6);
        rule.evaluate(new PlainObservation("cam", pts, startWallMs + pts / 1000, scene, track(pts, detections), width,
                height), this);
    }

    private List<Track> track(long pts, List<Detection> detections) {
        return tracker.update(detections, d -> true, pts, scene.tracker());
    }

    /** The stream ended. */
    void end() {
        rule.end(this);
    }

    @Override
    public void confirmed(Violation v) {
        confirmed.add(v);
    }

    @Override
    public void warned(Violation v) {
        warned.add(v);
    }

    @Override
    public void ended(Violation v, long endUs, long endWallMs) {
        ended.add(v);
    }

    @Override
    public void nearMiss(NearMiss m) {
        nearMisses.add(m);
    }
}
