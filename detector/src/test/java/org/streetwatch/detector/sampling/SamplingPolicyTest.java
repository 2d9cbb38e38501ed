package org.streetwatch.detector.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.streetwatch.config.ConfigException;
import org.streetwatch.config.Settings;
import org.streetwatch.detector.rule.MisparkedBikesRule;
import org.streetwatch.detector.rule.RulePlan;
import org.streetwatch.detector.rule.RuleType;
import org.streetwatch.detector.rule.StationaryObjectRule;
import org.streetwatch.detector.rule.StreetVendingRule;
import org.streetwatch.detector.rule.UncoveredMuckTruckRule;
import org.streetwatch.detector.rule.WasteWaterRule;
import org.streetwatch.detector.zone.Polygon;
import org.streetwatch.detector.zone.Schedule;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.ZoneType;
import tools.jackson.databind.json.JsonMapper;

class SamplingPolicyTest {

    private static final ZoneId TZ = ZoneId.of("Asia/Shanghai");
    private static final long NOON = ZonedDateTime.of(2026, 12, 1, 12, 0, 0, 0, TZ).toInstant().toEpochMilli();
    private static final long NIGHT = ZonedDateTime.of(2026, 12, 1, 22, 0, 0, 0, TZ).toInstant().toEpochMilli();
    private static final SamplingPolicy.Params P = SamplingPolicy.Params.of(SamplingPolicy.CONFIG.defaults(), 1.0,
            false);
    private static final List<RuleType<?>> ALL = List.of(StreetVendingRule.TYPE, MisparkedBikesRule.TYPE,
            StationaryObjectRule.STORAGE, StationaryObjectRule.HANGING, WasteWaterRule.TYPE,
            UncoveredMuckTruckRule.TYPE);

    private static Zone zone(ZoneType type, Schedule schedule) {
        return new Zone(type.key(), type, new Polygon(List.of(new double[] {0.1, 0.1}, new double[] {0.5, 0.1},
                new double[] {0.5, 0.5}, new double[] {0.1, 0.5})), null, null, schedule, Map.of());
    }

    private static Map<String, Settings> rules(String truckHours) {
        Map<String, Settings> out = new LinkedHashMap<>();
        for (RuleType<?> t : ALL) {
            out.put(t.name(), t.config().defaults());
        }
        out.put(UncoveredMuckTruckRule.NAME, with(UncoveredMuckTruckRule.TYPE, Map.of("hours", truckHours)));
        return out;
    }

    private static Settings with(RuleType<?> type, Map<String, Object> overrides) {
        try {
            return type.config().defaults().with(type.config().parseOverrides(
                    JsonMapper.builder().build().valueToTree(overrides), "test", "rules." + type.name()));
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
    }

    /** The policy over these rules resolved for these zones, as a scene resolves them. */
    private static long intervalUs(SamplingPolicy.Params p, List<Zone> zones, Map<String, Settings> rules, ZoneId tz,
                                   long wallMs, boolean motion) {
        return SamplingPolicy.intervalUs(p, zones, RulePlan.of(rules, zones), tz, wallMs,
                motion(motion, z -> motion));
    }

    /** Motion found anywhere or not, and in the zones {@code in} says. */
    private static SamplingPolicy.Motion motion(boolean anywhere, Predicate<Zone> in) {
        return new SamplingPolicy.Motion() {
            @Override
            public boolean anywhere() {
                return anywhere;
            }

            @Override
            public boolean in(Zone z) {
                return in.test(z);
            }
        };
    }

    private static long seconds(long us) {
        return us / 1_000_000;
    }

    @Test
    void eachZoneNeedsWhatItsOwnRulesNeed() {
        Zone road = zone(ZoneType.ROAD, Schedule.ALWAYS);
        Zone pavement = zone(ZoneType.NO_VENDING, Schedule.ALWAYS);
        Zone unwatched = zone(ZoneType.BIKE_PARKING, Schedule.ALWAYS);
        List<Zone> zones = List.of(road, pavement, unwatched);
        RulePlan plan = RulePlan.of(rules("20:00-06:00"), zones);
        assertThat(seconds(SamplingPolicy.zoneIntervalUs(P, road, plan, TZ, NIGHT, true))).as("trucks, moving")
                .isEqualTo(1);
        assertThat(seconds(SamplingPolicy.zoneIntervalUs(P, road, plan, TZ, NIGHT, false))).as("a still road")
                .isEqualTo(3);
        assertThat(SamplingPolicy.zoneIntervalUs(P, road, plan, TZ, NOON, true)).as("outside the truck hours")
                .isEqualTo(Long.MAX_VALUE);
        assertThat(seconds(SamplingPolicy.zoneIntervalUs(P, pavement, plan, TZ, NIGHT, true))).isEqualTo(3);
        assertThat(SamplingPolicy.zoneIntervalUs(P, unwatched, plan, TZ, NIGHT, true)).isEqualTo(Long.MAX_VALUE);
        SamplingPolicy.Params pinned = P.atInterval(java.time.Duration.ofSeconds(2), true);
        assertThat(seconds(SamplingPolicy.zoneIntervalUs(pinned, pavement, plan, TZ, NIGHT, true)))
                .as("a pinned camera: every zone at its rate").isEqualTo(2);
    }

    @Test
    void stationaryRulesAloneAreSampledEveryFewSecondsWhateverTheMotion() {
        List<Zone> zones = List.of(zone(ZoneType.NO_VENDING, Schedule.ALWAYS), zone(ZoneType.NO_STORAGE,
                Schedule.ALWAYS));
        assertThat(seconds(intervalUs(P, zones, rules(""), TZ, NOON, true))).isEqualTo(3);
        assertThat(seconds(intervalUs(P, zones, rules(""), TZ, NOON, false))).isEqualTo(3);
    }

    @Test
    void aRoadZoneInTheTruckRulesHoursGetsTheCamerasRateWhileItMoves() {
        List<Zone> zones = List.of(zone(ZoneType.ROAD, Schedule.ALWAYS));
        Map<String, Settings> nightOnly = rules("20:00-06:00");
        assertThat(seconds(intervalUs(P, zones, nightOnly, TZ, NIGHT, true))).as("motion").isEqualTo(1);
        assertThat(seconds(intervalUs(P, zones, nightOnly, TZ, NIGHT, false))).as("still").isEqualTo(3);
        assertThat(seconds(intervalUs(P, zones, nightOnly, TZ, NOON, true)))
                .as("outside the rule's hours nothing watches the road").isEqualTo(30);
    }

    @Test
    void aBusyPavementDoesNotSpeedUpAStillRoad() {
        Zone road = zone(ZoneType.ROAD, Schedule.ALWAYS);
        Zone pavement = zone(ZoneType.NO_VENDING, Schedule.ALWAYS);
        List<Zone> zones = List.of(road, pavement);
        RulePlan plan = RulePlan.of(rules(""), zones);
        assertThat(seconds(SamplingPolicy.intervalUs(P, zones, plan, TZ, NOON, movedIn(pavement))))
                .as("people on the pavement, nothing on the road").isEqualTo(3);
        assertThat(seconds(SamplingPolicy.intervalUs(P, zones, plan, TZ, NOON, movedIn(road))))
                .as("a vehicle on the road").isEqualTo(1);
    }

    /** Motion in that zone only. */
    private static SamplingPolicy.Motion movedIn(Zone moving) {
        return motion(true, z -> z == moving);
    }

    @Test
    void zonesOutsideTheirScheduleAndDisabledRulesWatchNothing() {
        Schedule evenings = new Schedule(TZ, List.of(new Schedule.Window(EnumSet.allOf(DayOfWeek.class),
                LocalTime.of(18, 0), LocalTime.of(23, 0))));
        List<Zone> zones = List.of(zone(ZoneType.DRAIN, evenings));
        assertThat(seconds(intervalUs(P, zones, rules(""), TZ, NOON, true))).isEqualTo(30);
        assertThat(seconds(intervalUs(P, zones, rules(""), TZ, NIGHT, true))).isEqualTo(1);

        Map<String, Settings> off = rules("");
        off.put(WasteWaterRule.NAME, with(WasteWaterRule.TYPE, Map.of("enabled", false)));
        assertThat(seconds(intervalUs(P, zones, off, TZ, NIGHT, true))).isEqualTo(30);
    }

    @Test
    void aPinnedCameraAndDisabledSamplingKeepTheCamerasInterval() {
        List<Zone> zones = List.of(zone(ZoneType.NO_VENDING, Schedule.ALWAYS));
        SamplingPolicy.Params pinned = SamplingPolicy.Params.of(SamplingPolicy.CONFIG.defaults(), 0.5, true);
        assertThat(intervalUs(pinned, zones, rules(""), TZ, NOON, false)).isEqualTo(500_000);
        assertThat(intervalUs(SamplingPolicy.Params.OFF, zones, rules(""), TZ, NOON, false))
                .isZero();
        SamplingPolicy.Params slowCamera = SamplingPolicy.Params.of(SamplingPolicy.CONFIG.defaults(), 5, false);
        assertThat(seconds(intervalUs(slowCamera, List.of(zone(ZoneType.ROAD, Schedule.ALWAYS)),
                rules(""), TZ, NOON, true))).as("never faster than the camera's interval").isEqualTo(5);
    }
}
