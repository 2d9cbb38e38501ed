package org.streetwatch.daemon.wall;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.streetwatch.config.Settings;
import org.streetwatch.detector.aim.AimCheck;
import org.streetwatch.detector.analysis.MotionGate;
import org.streetwatch.detector.analysis.Scene;
import org.streetwatch.detector.live.RecentTracks;
import org.streetwatch.detector.rule.StreetVendingRule;
import org.streetwatch.detector.track.Tracker;
import org.streetwatch.detector.zone.Polygon;
import org.streetwatch.detector.zone.Schedule;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.ZoneType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The zone editor's preview says a stationary rule would fire exactly where the rule would: dwell from when the
 * objects settled, the second still {@code snapshot_gap_s} after the first, a gap past {@code merge_s} a new group.
 * Plain samples, a picture every 4 s as adaptive sampling takes them where only stationary rules watch.
 */
class PreviewTest {

    private static final Zone PLAZA = new Zone("plaza", ZoneType.NO_VENDING, new Polygon(List.of(
            new double[] {0.4, 0.3}, new double[] {0.7, 0.3}, new double[] {0.7, 0.62}, new double[] {0.4, 0.62})),
            null, null, Schedule.ALWAYS, Map.of());

    /** A person standing in the plaza, settled at {@code settledS}, in pictures at each of {@code atS}. */
    private static List<RecentTracks.Sample> standing(long track, double settledS, double... atS) {
        List<RecentTracks.Sample> out = new ArrayList<>();
        for (double t : atS) {
            out.add(new RecentTracks.Sample(Math.round(t * 1e6), Math.round(t * 1e3), List.of(new RecentTracks.Seen(
                    track, "person", "person", 0.8f, 0.5f, 0.3f, 0.55f, 0.45f, t - settledS))));
        }
        return out;
    }

    private static Map<?, ?> zone(List<RecentTracks.Sample> samples) throws Exception {
        return zone(samples, List.of(PLAZA));
    }

    /** The preview of the first of {@code zones}. */
    private static Map<?, ?> zone(List<RecentTracks.Sample> samples, List<Zone> zones) throws Exception {
        Settings vending = StreetVendingRule.TYPE.config().defaults().with(StreetVendingRule.TYPE.config()
                .parseOverrides(JsonMapper.builder().build().valueToTree(Map.of("dwell_s", 8, "min_props", 0,
                        "merge_s", 30, "snapshot_gap_s", 10)), "test", "rules.street_vending"));
        Settings tracker = Tracker.CONFIG.defaults().with(Tracker.CONFIG.parseOverrides(
                JsonMapper.builder().build().valueToTree(Map.of("stationary_min_s", 2)), "test", "tracker"));
        Scene scene = new Scene("cam", zones, Map.of(StreetVendingRule.NAME, vending),
                Tracker.Params.of(tracker), MotionGate.Params.of(MotionGate.CONFIG.defaults()),
                AimCheck.Params.of(AimCheck.CONFIG.defaults()), ZoneId.of("UTC"));
        return (Map<?, ?>) ((List<?>) Preview.of(samples, zones, scene).get("zones")).get(0);
    }

    @Test
    void dwellCountsFromWhenThePersonSettledAndTheSecondStillWaitsForTheGap() throws Exception {
        // settled at 100 s, seen standing from 104 s: 8 s of dwell at 108 s, but the second still only at 114 s
        assertThat(zone(standing(1, 100, 104, 108, 112)).get("fires")).isEqualTo(false);
        Map<?, ?> z = zone(standing(1, 100, 104, 108, 112, 116));
        assertThat(z.get("fires")).isEqualTo(true);
        assertThat(z.get("longest_s")).isEqualTo(16.0);
    }

    @Test
    void twoPeopleStandingBrieflyMoreThanMergeApartAreTwoGroups() throws Exception {
        List<RecentTracks.Sample> samples = new ArrayList<>(standing(1, 119.5, 123.5));
        samples.addAll(standing(2, 151.5, 155.5));
        assertThat(zone(samples).get("fires")).isEqualTo(false);
        // within merge_s, the same group: its onset stays, and the second still comes 12 s after the first
        List<RecentTracks.Sample> bridged = new ArrayList<>(standing(1, 119.5, 123.5));
        bridged.addAll(standing(2, 131.5, 135.5));
        assertThat(zone(bridged).get("fires")).isEqualTo(true);
    }

    @Test
    void aVendorInsideANightMarketInItsHoursIsNotCounted() throws Exception {
        Zone market = new Zone("market", ZoneType.VENDING_ALLOWED, PLAZA.polygon(), null, null, Schedule.ALWAYS,
                Map.of());
        Map<?, ?> z = zone(standing(1, 100, 104, 108, 112, 116), List.of(PLAZA, market));
        assertThat(z.get("fires")).isEqualTo(false);
        assertThat(z.get("objects")).isEqualTo(Map.of("person", 1)); // still shown as standing in the zone
    }
}
