package org.streetwatch.detector.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.streetwatch.config.Settings;
import org.streetwatch.detector.aim.AimCheck;
import org.streetwatch.detector.sampling.SamplingPolicy;
import org.streetwatch.detector.track.Tracker;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.ZoneType;

/**
 * What one camera's analysis is configured with: its zones, each rule's settings (global ones with the camera's
 * overrides applied), the tracker's. Immutable; a config reload swaps in a new scene between two frames.
 *
 * @param rules  rule name to its settings for this camera
 * @param motion   when a picture may skip inference
 * @param aim      how the camera's aim, lens and focus are checked
 * @param timeZone of rule schedules (zone schedules carry their own)
 * @param sampling how often the camera is analysed
 */
public record Scene(String cameraId, List<Zone> zones, Map<String, Settings> rules, Tracker.Params tracker,
                    MotionGate.Params motion, AimCheck.Params aim, java.time.ZoneId timeZone,
                    SamplingPolicy.Params sampling) {

    public Scene {
        zones = List.copyOf(zones);
        rules = Map.copyOf(rules);
    }

    /** A scene analysed at every picture it is given (tests and tools that drive frames themselves). */
    public Scene(String cameraId, List<Zone> zones, Map<String, Settings> rules, Tracker.Params tracker,
                 MotionGate.Params motion, AimCheck.Params aim, java.time.ZoneId timeZone) {
        this(cameraId, zones, rules, tracker, motion, aim, timeZone, SamplingPolicy.Params.OFF);
    }

    /** The interval until the next picture should be analysed, from the rules active now and the motion seen. */
    public long samplingIntervalUs(long wallMs, boolean motion) {
        return SamplingPolicy.intervalUs(sampling, zones, rules, timeZone, wallMs, motion);
    }

    /** The same scene with other zones (moved with a shifted picture). */
    public Scene withZones(List<Zone> moved) {
        return new Scene(cameraId, moved, rules, tracker, motion, aim, timeZone, sampling);
    }

    /** A rule's settings inside a zone: the camera's, with the zone's overrides. */
    public Settings params(String rule, Zone zone) {
        Settings base = rules.get(rule);
        if (base == null) {
            throw new IllegalArgumentException("no settings for rule " + rule);
        }
        return zone == null ? base : base.with(zone.ruleOverrides().get(rule));
    }

    public boolean enabled(String rule) {
        Settings s = rules.get(rule);
        return s != null && s.getBoolean("enabled");
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
