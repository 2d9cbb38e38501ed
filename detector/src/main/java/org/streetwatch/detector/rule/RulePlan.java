package org.streetwatch.detector.rule;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.streetwatch.config.Settings;
import org.streetwatch.detector.zone.Zone;

/**
 * Every rule's parameters on one camera, resolved once per config load or reload: the camera's (global settings with
 * the camera's overrides) and, for each zone that overrides a rule, the zone's. Immutable; read at every frame, so
 * no setting is looked up or merged by name on the per-frame path.
 */
public final class RulePlan {

    /** One rule's parameters: the camera's, and those of the zones (by id) that override it. */
    private record Resolved<P extends RuleParams>(RuleType<P> type, Settings camera, P cameraParams,
                                                  Map<String, Settings> zoneSettings, Map<String, P> zoneParams) {

        static <P extends RuleParams> Resolved<P> of(RuleType<P> type, Settings camera, List<Zone> zones) {
            Map<String, Settings> settings = new HashMap<>();
            Map<String, P> params = new HashMap<>();
            for (Zone z : zones) {
                Settings overrides = z.ruleOverrides().get(type.name());
                if (overrides != null) {
                    Settings inZone = camera.with(overrides);
                    settings.put(z.id(), inZone);
                    params.put(z.id(), type.params(inZone));
                }
            }
            return new Resolved<>(type, camera, type.params(camera), Map.copyOf(settings), Map.copyOf(params));
        }

        P paramsIn(Zone zone) {
            return in(zone, zoneParams, cameraParams);
        }

        Settings settingsIn(Zone zone) {
            return in(zone, zoneSettings, camera);
        }

        /** The zone's own entry if it overrides the rule, else the camera's. */
        private <T> T in(Zone zone, Map<String, T> byZone, T onCamera) {
            if (zone == null || zone.ruleOverrides().get(type.name()) == null) {
                return onCamera;
            }
            T own = byZone.get(zone.id());
            if (own == null) {
                throw new IllegalArgumentException("zone " + zone.id() + " is not one of the camera's zones");
            }
            return own;
        }
    }

    private final Map<String, Resolved<?>> rules;

    private RulePlan(Map<String, Resolved<?>> rules) {
        this.rules = rules;
    }

    /**
     * @param rules rule name to its settings on the camera (global ones with the camera's overrides)
     * @param zones the camera's zones, whose overrides apply inside them
     */
    public static RulePlan of(Map<String, Settings> rules, List<Zone> zones) {
        Map<String, Resolved<?>> out = new LinkedHashMap<>();
        rules.forEach((name, settings) -> out.put(name, Resolved.of(Rules.named(name), settings, zones)));
        return new RulePlan(java.util.Collections.unmodifiableMap(out));
    }

    /** The rules planned, in the order given. */
    public Set<String> rules() {
        return rules.keySet();
    }

    /** A rule's parameters inside a zone (null: the camera's). */
    public <P extends RuleParams> P params(RuleType<P> type, Zone zone) {
        return resolved(type).paramsIn(zone);
    }

    /** A rule's parameters inside a zone (null: the camera's), for callers that know the rule by name only. */
    public RuleParams params(String rule, Zone zone) {
        return resolved(rule).paramsIn(zone);
    }

    /** A rule's settings in force inside a zone (null: the camera's), as data: for provenance and tuning. */
    public Settings settings(String rule, Zone zone) {
        return resolved(rule).settingsIn(zone);
    }

    /** Whether the rule runs on the camera (a rule without settings here does not). */
    public boolean enabled(String rule) {
        Resolved<?> r = rules.get(rule);
        return r != null && r.cameraParams().enabled();
    }

    /** Whether a rule that runs on the camera watches the whole picture, beyond its zones. */
    public boolean wholePicture() {
        for (Resolved<?> r : rules.values()) {
            if (r.cameraParams().enabled() && r.cameraParams().wholePicture()) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked") // planned under its type's name, by that very type (names are unique)
    private <P extends RuleParams> Resolved<P> resolved(RuleType<P> type) {
        Resolved<?> r = resolved(type.name());
        if (r.type() != type) {
            throw new IllegalArgumentException("rule " + type.name() + " was planned as another type");
        }
        return (Resolved<P>) r;
    }

    private Resolved<?> resolved(String rule) {
        Resolved<?> r = rules.get(rule);
        if (r == null) {
            throw new IllegalArgumentException("no settings for rule " + rule);
        }
        return r;
    }
}
