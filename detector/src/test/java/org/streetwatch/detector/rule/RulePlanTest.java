package org.streetwatch.detector.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.ConfigException;
import org.streetwatch.config.Settings;
import org.streetwatch.config.Type;
import org.streetwatch.detector.aim.AimCheck;
import org.streetwatch.detector.analysis.MotionGate;
import org.streetwatch.detector.analysis.Scene;
import org.streetwatch.detector.track.Tracker;
import org.streetwatch.detector.zone.Polygon;
import org.streetwatch.detector.zone.Schedule;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.ZoneType;
import tools.jackson.databind.json.JsonMapper;

/** A scene's rule parameters, resolved once per camera and zone, and the rules' checks of keys together. */
class RulePlanTest {

    private static Settings overrides(RuleType<?> type, Map<String, Object> values) throws ConfigException {
        return type.config().parseOverrides(JsonMapper.builder().build().valueToTree(values), "test", "rules");
    }

    private static Zone zone(String id, ZoneType type, Map<String, Settings> overrides) {
        return new Zone(id, type, new Polygon(List.of(new double[] {0.1, 0.1}, new double[] {0.5, 0.1},
                new double[] {0.5, 0.5})), null, null, Schedule.ALWAYS, overrides);
    }

    private static Scene scene(Map<String, Settings> rules, Zone... zones) {
        return new Scene("cam", List.of(zones), rules, Tracker.Params.of(Tracker.CONFIG.defaults()),
                MotionGate.Params.of(MotionGate.CONFIG.defaults()), AimCheck.Params.of(AimCheck.CONFIG.defaults()),
                ZoneId.of("Asia/Shanghai"));
    }

    @Test
    void aZoneThatOverridesARuleHasItsOwnParamsTheOthersTheCamerasAllResolvedOnce() throws Exception {
        RuleType<StreetVendingRule.Params> type = StreetVendingRule.TYPE;
        Settings camera = type.config().defaults().with(overrides(type, Map.of("min_props", 2)));
        Zone quick = zone("quick", ZoneType.NO_VENDING, Map.of(type.name(), overrides(type, Map.of("dwell_s", 30))));
        Zone plain = zone("plain", ZoneType.NO_VENDING, Map.of());
        Scene scene = scene(Map.of(type.name(), camera), quick, plain);

        StreetVendingRule.Params inQuick = scene.params(type, quick);
        assertThat(inQuick.common().dwellUs()).isEqualTo(30_000_000L);
        assertThat(inQuick.minProps()).as("the camera's override still holds in the zone").isEqualTo(2);
        assertThat(scene.params(type, plain).common().dwellUs()).isEqualTo(180_000_000L);
        assertThat(scene.params(type, plain)).isSameAs(scene.params(type, null));
        assertThat(scene.params(type, quick)).as("resolved once, not per frame").isSameAs(inQuick);
        Zone moved = quick.withPolygon(new Polygon(List.of(new double[] {0.2, 0.2}, new double[] {0.6, 0.2},
                new double[] {0.6, 0.6})));
        assertThat(scene.withZones(List.of(moved, plain)).params(type, moved))
                .as("zones moved with the picture keep their plan").isSameAs(inQuick);
        assertThat(scene.settings(type.name(), quick).getDouble(StationaryGroupRule.DWELL_S)).isEqualTo(30.0);
    }

    @Test
    void aRuleKnownByNameOnlyGivesWhatEveryRuleHasInTheZone() throws Exception {
        RuleType<StreetVendingRule.Params> type = StreetVendingRule.TYPE;
        Zone coded = zone("coded", ZoneType.NO_VENDING, Map.of(type.name(), overrides(type,
                Map.of(EventCodes.SETTING, "050101"))));
        Zone plain = zone("plain", ZoneType.NO_VENDING, Map.of());
        Scene scene = scene(Map.of(type.name(), type.config().defaults()), coded, plain);
        assertThat(scene.ruleParams(type.name(), coded).eventCode()).isEqualTo("050101");
        assertThat(scene.ruleParams(type.name(), plain).eventCode()).isEqualTo("0501");
        assertThat(scene.ruleParams(type.name(), plain)).isInstanceOfSatisfying(StationaryGroupRule.GroupParams.class,
                p -> assertThat(p.common().recheckUs()).isEqualTo(600_000_000L));
    }

    @Test
    void aZoneThatIsNotTheCamerasIsRefused() throws Exception {
        RuleType<StreetVendingRule.Params> type = StreetVendingRule.TYPE;
        Scene scene = scene(Map.of(type.name(), type.config().defaults()));
        Zone stranger = zone("stranger", ZoneType.NO_VENDING, Map.of(type.name(), overrides(type,
                Map.of("dwell_s", 30))));
        assertThatThrownBy(() -> scene.params(type, stranger)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("zone stranger is not one of the camera's zones");
        assertThatThrownBy(() -> scene.params(WasteWaterRule.TYPE, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no settings for rule " + WasteWaterRule.NAME);
    }

    @Test
    void onlyARuleThatRunsWatchesTheWholePicture() throws Exception {
        RuleType<MisparkedBikesRule.Params> type = MisparkedBikesRule.TYPE;
        Settings outside = type.config().defaults().with(overrides(type, Map.of("outside_bays", true)));
        assertThat(scene(Map.of(type.name(), outside)).wholePicture()).isTrue();
        Scene off = scene(Map.of(type.name(), outside.with(overrides(type, Map.of("enabled", false)))));
        assertThat(off.enabled(type.name())).isFalse();
        assertThat(off.wholePicture()).isFalse();
        assertThat(scene(Map.of(type.name(), type.config().defaults())).wholePicture()).isFalse();
    }

    @Test
    void theTruckRulesHoursMustHaveALengthAtWhicheverLayerTheyAreSet() throws Exception {
        RuleType<UncoveredMuckTruckRule.Params> type = UncoveredMuckTruckRule.TYPE;
        ConfigDef cameraRules = new ConfigDef().defineNested(type.name(), Type.OBJECT, type.config(), "the rule");
        Settings noCameraOverrides = cameraRules.parseOverrides(null, "f", "cameras[0].rules");
        Map<String, Settings> global = Map.of(type.name(), type.config().defaults());
        Zone road = zone("road", ZoneType.ROAD, Map.of());
        Zone never = zone("never", ZoneType.ROAD, Map.of(type.name(), overrides(type,
                Map.of("hours", "20:00-20:00"))));

        Rules.validate(global, noCameraOverrides, List.of(road), "f", "cameras[0]");
        assertThatThrownBy(() -> Rules.validate(global, noCameraOverrides, List.of(road, never), "f", "cameras[0]"))
                .isInstanceOf(ConfigException.class).hasMessage("f: cameras[0].zones[1].rules.uncovered_muck_truck"
                        + ".hours: expected hours that end other than when they start (HH:MM-HH:MM; empty: always), "
                        + "got \"20:00-20:00\"");
        Map<String, Settings> everywhere = Map.of(type.name(), type.config().defaults().with(overrides(type,
                Map.of("hours", "00:00-00:00"))));
        assertThatThrownBy(() -> Rules.validate(everywhere, noCameraOverrides, List.of(never), "f", "cameras[0]"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("f: rules.uncovered_muck_truck.hours:");
        assertThat(type.params(type.config().defaults().with(overrides(type, Map.of("hours", "20:00-06:00"))))
                .watchesAt(0, ZoneId.of("UTC"))).as("night hours: midnight UTC is watched").isTrue();
    }
}
