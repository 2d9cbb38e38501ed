package org.streetwatch.detector.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.streetwatch.detector.Detection;
import org.streetwatch.detector.zone.Schedule;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.Box;
import org.streetwatch.violation.Violation;
import org.streetwatch.violation.ZoneType;

/**
 * The life of a stationary violation (dwell, snapshot gap, merge, cooldown, schedules, rejected look-alikes) on plain
 * tracks and times, through the real tracker and the street-vending rule: no picture is decoded or drawn.
 */
class StationaryGroupRuleTest {

    private static final int W = 320;
    private static final int H = 240;
    private static final long HOUR_MS = 3_600_000L;
    /** {@link RuleHarness#START_WALL_MS} is 16:00 UTC on a Monday. */
    private static final long AT_10H = RuleHarness.START_WALL_MS - 6 * HOUR_MS;
    private static final long AT_14H = RuleHarness.START_WALL_MS - 2 * HOUR_MS;
    private static final long AT_19H = RuleHarness.START_WALL_MS + 3 * HOUR_MS;
    private static final long AT_22H = RuleHarness.START_WALL_MS + 6 * HOUR_MS;

    private static final List<Detection> STALL = List.of(
            RuleHarness.detection("person", new Box(100, 100, 130, 190)),
            RuleHarness.detection("bicycle", new Box(140, 140, 220, 190)));
    /** Where the stall stands, normalised. */
    private static final Box STALL_AREA = new Box(100f / W, 100f / H, 220f / W, 190f / H);

    /** Seconds {@code [from, to)} in which the stall stands. */
    private record Spell(int from, int to) {
    }

    private static Zone street() {
        return RuleHarness.zone("street", ZoneType.NO_VENDING, 0, 0, 1, 1);
    }

    private static Zone during(String id, ZoneType type, String from, String to) {
        Zone all = RuleHarness.zone(id, type, 0, 0, 1, 1);
        return new Zone(id, type, all.polygon(), null, null, new Schedule(ZoneId.of("UTC"), List.of(
                new Schedule.Window(EnumSet.allOf(DayOfWeek.class), LocalTime.parse(from), LocalTime.parse(to)))),
                Map.of());
    }

    /** Runs {@code seconds} of one frame a second with the stall standing during the spells; then the stream ends. */
    private static RuleHarness run(RuleHarness h, int seconds, Spell... spells) {
        for (int s = 0; s < seconds; s++) {
            boolean there = false;
            for (Spell sp : spells) {
                there |= s >= sp.from && s < sp.to;
            }
            h.frame(s, W, H, there ? STALL : List.of());
        }
        h.end();
        return h;
    }

    private static RuleHarness vending(Map<String, Object> settings, Zone... zones) {
        return new RuleHarness(StreetVendingRule.TYPE, settings, zones);
    }

    @Test
    void aStallIsConfirmedOnceItHasStoodForDwellWithTwoStillsAtLeastTheGapApart() {
        RuleHarness h = run(vending(Map.of("dwell_s", 60), street()), 120, new Spell(0, 120));
        assertThat(h.confirmed).hasSize(1);
        Violation v = h.confirmed.get(0);
        assertThat(v.confirmUs() - v.onsetUs()).isBetween(60_000_000L, 61_000_000L);
        assertThat(v.stills()).hasSize(2);
        assertThat(v.stills().get(1).ptsUs() - v.stills().get(0).ptsUs()).isGreaterThanOrEqualTo(10_000_000L);
        assertThat(v.counts()).containsEntry("person", 1).containsEntry("bicycle", 1);
        assertThat(v.stationary()).isTrue();
    }

    @Test
    void aStallGoneBeforeDwellIsNoCase() {
        assertThat(run(vending(Map.of("dwell_s", 60), street()), 120, new Spell(0, 50)).confirmed).isEmpty();
    }

    @Test
    void aShortDwellStillWaitsForTheSnapshotGap() {
        RuleHarness h = run(vending(Map.of("dwell_s", 2, "snapshot_gap_s", 15), street()), 60, new Spell(0, 60));
        assertThat(h.confirmed).hasSize(1);
        Violation v = h.confirmed.get(0);
        assertThat(v.confirmUs() - v.stills().get(0).ptsUs()).isBetween(15_000_000L, 16_000_000L);
    }

    @Test
    void aGapShorterThanMergeIsTheSameViolation() {
        RuleHarness h = run(vending(Map.of("dwell_s", 30, "merge_s", 30), street()), 150,
                new Spell(0, 60), new Spell(80, 150));
        assertThat(h.confirmed).hasSize(1);
        assertThat(h.ended).hasSize(1);                  // once, when the stream ended
    }

    @Test
    void aGapLongerThanMergeEndsItAndTheZoneStaysQuietForCooldown() {
        Map<String, Object> s = Map.of("dwell_s", 30, "merge_s", 10, "cooldown_s", 100);
        RuleHarness during = run(vending(s, street()), 150, new Spell(0, 60), new Spell(80, 150));
        assertThat(during.confirmed).hasSize(1);
        assertThat(during.ended).hasSize(1);             // ended after the gap; the return falls in the cooldown

        RuleHarness after = run(vending(s, street()), 260, new Spell(0, 60), new Spell(80, 260));
        assertThat(after.confirmed).hasSize(2);
        // last seen at 59 s: quiet until 159 s
        assertThat(after.confirmed.get(1).confirmUs()).isGreaterThanOrEqualTo(159_000_000L);
    }

    @Test
    void aGapLongerThanMergeEndsItEvenWhenThePictureThatSeesThatShowsTheGroupAgain() {
        // a picture every 4 s (a stationary zone's adaptive sampling). The stall is last seen at 8 s; at 36 s it is
        // back, a new track (not yet standing, so no group: 28 s gone, within merge_s); at 40 s it stands, 32 s after
        // it was last seen: past merge_s, so a new group with its own dwell
        RuleHarness h = vending(Map.of("dwell_s", 30, "merge_s", 30), street());
        for (int s = 0; s <= 56; s += 4) {
            h.frame(s, W, H, s <= 8 || s >= 36 ? STALL : List.of());
        }
        h.end();
        assertThat(h.confirmed).isEmpty();

        RuleHarness bridged = vending(Map.of("dwell_s", 30, "merge_s", 30), street());
        for (int s = 0; s <= 56; s += 4) {
            bridged.frame(s, W, H, s <= 12 || s >= 36 ? STALL : List.of());
        }
        bridged.end();
        assertThat(bridged.confirmed).hasSize(1);        // 28 s gone: the same group, confirmed from its onset
    }

    @Test
    void aConfirmedViolationEndsWhenItsZoneIsDeleted() {
        RuleHarness h = vending(Map.of("dwell_s", 30), street());
        for (int s = 0; s < 60; s++) {
            h.frame(s, W, H, STALL);
        }
        assertThat(h.confirmed).hasSize(1);
        assertThat(h.ended).isEmpty();
        h.zones(RuleHarness.zone("elsewhere", ZoneType.NO_VENDING, 0.9, 0.9, 1, 1)).frame(60, W, H, STALL);
        assertThat(h.ended).containsExactly(h.confirmed.get(0));
    }

    @Test
    void aZoneOutsideItsHoursConfirmsNothing() {
        Zone daytime = during("street", ZoneType.NO_VENDING, "08:00", "20:00");
        assertThat(run(vending(Map.of("dwell_s", 60), daytime).startingAt(AT_22H), 120, new Spell(0, 120)).confirmed)
                .isEmpty();
        assertThat(run(vending(Map.of("dwell_s", 60), daytime).startingAt(AT_10H), 120, new Spell(0, 120)).confirmed)
                .hasSize(1);
    }

    @Test
    void aNightMarketInItsHoursIsAllowedAndTheSameStallByDayIsNot() {
        Zone market = during("market", ZoneType.VENDING_ALLOWED, "18:00", "23:00");
        assertThat(run(vending(Map.of("dwell_s", 60), street(), market).startingAt(AT_19H), 120, new Spell(0, 120))
                .confirmed).isEmpty();
        assertThat(run(vending(Map.of("dwell_s", 60), street(), market).startingAt(AT_14H), 120, new Spell(0, 120))
                .confirmed).hasSize(1);
    }

    @Test
    void aGroupWhereAReviewerRejectedOneIsWatchedButNeverConfirmed() {
        RuleEnv env = RuleEnv.standalone();
        long until = RuleHarness.START_WALL_MS + HOUR_MS;
        env.suppressions().add(new Suppressions.Entry("cam", StreetVendingRule.NAME, "street", STALL_AREA,
                PlainObservation.LOOK, until));
        RuleHarness rejected = run(new RuleHarness(StreetVendingRule.TYPE, env, Map.of("dwell_s", 60), street()), 120,
                new Spell(0, 120));
        assertThat(rejected.confirmed).isEmpty();

        RuleEnv elsewhere = RuleEnv.standalone();
        elsewhere.suppressions().add(new Suppressions.Entry("cam", StreetVendingRule.NAME, "street",
                new Box(0.8f, 0.1f, 0.95f, 0.3f), PlainObservation.LOOK, until));
        assertThat(run(new RuleHarness(StreetVendingRule.TYPE, elsewhere, Map.of("dwell_s", 60), street()), 120,
                new Spell(0, 120)).confirmed).hasSize(1);
    }
}
