package org.streetwatch.detector.analysis;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.streetwatch.config.Settings;
import org.streetwatch.detector.aim.AimCheck;
import org.streetwatch.detector.rule.RuleParams;
import org.streetwatch.detector.rule.RulePlan;
import org.streetwatch.detector.rule.RuleType;
import org.streetwatch.detector.sampling.SamplingPolicy;
import org.streetwatch.detector.track.Tracker;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.ZoneType;

/**
 * What one camera's analysis is configured with: its zones, each rule's settings (global ones with the camera's
 * overrides applied) resolved once into typed parameters per camera and zone ({@link RulePlan}), the tracker's.
 * Immutable; a config reload swaps in a new scene between two frames.
 */
public final class Scene {

    private final String cameraId;
    private final List<Zone> zones;
    private final Map<String, Settings> rules;
    private final RulePlan plan;
    private final Tracker.Params tracker;
    private final MotionGate.Params motion;
    private final AimCheck.Params aim;
    private final ZoneId timeZone;
    private final SamplingPolicy.Params sampling;

    /**
     * @param rules    rule name to its settings for this camera
     * @param motion   when a picture may skip inference
     * @param aim      how the camera's aim, lens and focus are checked
     * @param timeZone of rule schedules (zone schedules carry their own)
     * @param sampling how often the camera is analysed
     */
    public Scene(String cameraId, List<Zone> zones, Map<String, Settings> rules, Tracker.Params tracker,
                 MotionGate.Params motion, AimCheck.Params aim, ZoneId timeZone, SamplingPolicy.Params sampling) {
        this(cameraId, List.copyOf(zones), Map.copyOf(rules), RulePlan.of(rules, zones), tracker, motion, aim,
                timeZone, sampling);
    }

    /** A scene analysed at every picture it is given (tests and tools that drive frames themselves). */
    public Scene(String cameraId, List<Zone> zones, Map<String, Settings> rules, Tracker.Params tracker,
                 MotionGate.Params motion, AimCheck.Params aim, ZoneId timeZone) {
        this(cameraId, zones, rules, tracker, motion, aim, timeZone, SamplingPolicy.Params.OFF);
    }

    private Scene(String cameraId, List<Zone> zones, Map<String, Settings> rules, RulePlan plan,
                  Tracker.Params tracker, MotionGate.Params motion, AimCheck.Params aim, ZoneId timeZone,
                  SamplingPolicy.Params sampling) {
        this.cameraId = cameraId;
        this.zones = zones;
        this.rules = rules;
        this.plan = plan;
        this.tracker = tracker;
        this.motion = motion;
        this.aim = aim;
        this.timeZone = timeZone;
        this.sampling = sampling;
    }

    public String cameraId() {
        return cameraId;
    }

    public List<Zone> zones() {
        return zones;
    }

    /** Rule name to its settings for this camera, as configured (the plan holds what the rules read). */
    public Map<String, Settings> rules() {
        return rules;
    }

    public Tracker.Params tracker() {
        return tracker;
    }

    public MotionGate.Params motion() {
        return motion;
    }

    public AimCheck.Params aim() {
        return aim;
    }

    public ZoneId timeZone() {
        return timeZone;
    }

    public SamplingPolicy.Params sampling() {
        return sampling;
    }

    /** The interval until the next picture should be analysed, from the rules active now and the motion seen. */
    public long samplingIntervalUs(long wallMs, SamplingPolicy.Motion motion) {
        return SamplingPolicy.intervalUs(sampling, zones, plan, timeZone, wallMs, motion);
    }

    /** The interval zone {@code z} needs now ({@link SamplingPolicy#zoneIntervalUs}). */
    public long zoneIntervalUs(Zone z, long wallMs, boolean motion) {
        return SamplingPolicy.zoneIntervalUs(sampling, z, plan, timeZone, wallMs, motion);
    }

    /** The same scene with other zones (moved with a shifted picture: same ids, same overrides, same plan). */
    public Scene withZones(List<Zone> moved) {
        return new Scene(cameraId, List.copyOf(moved), rules, plan, tracker, motion, aim, timeZone, sampling);
    }

    /** A rule's parameters inside a zone (null: the camera's), resolved when the scene was made. */
    public <P extends RuleParams> P params(RuleType<P> type, Zone zone) {
        return plan.params(type, zone);
    }

    /**
     * A rule's parameters inside a zone (null: the camera's), for callers that know the rule by name only (a case's
     * event code, its re-check): what all rules have, or a rule kind's ({@code instanceof}).
     */
    public RuleParams ruleParams(String rule, Zone zone) {
        return plan.params(rule, zone);
    }

    /** A rule's settings in force inside a zone (null: the camera's), as data: provenance, tuning. */
    public Settings settings(String rule, Zone zone) {
        return plan.settings(rule, zone);
    }

    public boolean enabled(String rule) {
        return plan.enabled(rule);
    }

    /** Whether a rule that runs on this camera watches the whole picture, beyond its zones. */
    public boolean wholePicture() {
        return plan.wholePicture();
    }

    public List<Zone> zones(ZoneType type) {
        List<Zone> out = new ArrayList<>();
        for (Zone z : zones) {
            if (z.type() == type) {
                out.add(z);
            }
        }
        return out;
    }
}
