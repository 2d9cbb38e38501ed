package org.streetwatch.detector.rule;

import java.util.List;
import java.util.Map;
import org.streetwatch.config.ConfigException;
import org.streetwatch.config.Settings;
import org.streetwatch.detector.zone.Zone;

/** Every rule streetwatch knows, in the order they run. */
public final class Rules {

    public static final List<RuleType<?>> ALL = List.of(StreetVendingRule.TYPE, MisparkedBikesRule.TYPE,
            UncoveredMuckTruckRule.TYPE, WasteWaterRule.TYPE, StationaryObjectRule.STORAGE,
            StationaryObjectRule.HANGING);

    private Rules() {
    }

    /** The rule of that name. */
    public static RuleType<?> named(String name) {
        for (RuleType<?> t : ALL) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no rule named " + name);
    }

    /**
     * Runs each rule's {@link RuleType#validate} hook over its settings in force on one camera of the config: the
     * global ones ({@code rules.NAME}), the camera's ({@code CAMERA.rules.NAME}) and each zone's
     * ({@code CAMERA.zones[j].rules.NAME}). A problem is reported at the first of them where it appears.
     *
     * @param global          rule name to its global settings
     * @param cameraOverrides the camera's {@code rules} mapping of overrides
     * @param camera          the camera's path in the file, e.g. {@code cameras[0]}
     */
    public static void validate(Map<String, Settings> global, Settings cameraOverrides, List<Zone> zones, String file,
                                String camera) throws ConfigException {
        for (Map.Entry<String, Settings> e : global.entrySet()) {
            RuleType<?> type = named(e.getKey());
            String rule = ".rules." + type.name();
            type.validate(e.getValue(), file, rule.substring(1));
            Settings onCamera = e.getValue().with(cameraOverrides.isSet(type.name())
                    ? cameraOverrides.getObject(type.name()) : null);
            type.validate(onCamera, file, camera + rule);
            for (int j = 0; j < zones.size(); j++) {
                type.validate(onCamera.with(zones.get(j).ruleOverrides().get(type.name())), file,
                        camera + ".zones[" + j + "]" + rule);
            }
        }
    }
}
