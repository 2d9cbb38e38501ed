package org.streetwatch.detector.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.streetwatch.detector.Detection;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.Box;
import org.streetwatch.violation.Violation;
import org.streetwatch.violation.ZoneType;

/**
 * Bikes and vending with their default settings, from plain detections a second apart on a 320x240 picture: what
 * parks, what is ridden, what is a stall and what only stops by one.
 */
class StationaryRulesTest {

    /** A thing standing in the picture from {@code fromS} to {@code toS} (exclusive). */
    private record Thing(String kind, Box box, int fromS, int toS) {
    }

    private static RuleHarness run(RuleType<?> type, Map<String, Object> settings, ZoneType zone, int seconds,
                                   Thing... things) {
        return run(type, settings, RuleHarness.zone("z", zone, 0, 0, 1, 1), seconds, things);
    }

    private static RuleHarness run(RuleType<?> type, Map<String, Object> settings, Zone zone, int seconds,
                                   Thing... things) {
        RuleHarness h = new RuleHarness(type, settings, zone);
        try (Scalar grey = new Scalar(110, 110, 110, 0); Mat img = new Mat(240, 320, CV_8UC3, grey)) {
            for (int s = 0; s < seconds; s++) {
                List<Detection> dets = new ArrayList<>();
                for (Thing t : things) {
                    if (s >= t.fromS && s < t.toS) {
                        dets.add(RuleHarness.detection(t.kind, t.box));
                    }
                }
                h.frame(s, img, dets);
            }
        }
        return h;
    }

    private static final Map<String, Object> BIKES = Map.of("min_bikes", 3);

    @Test
    void bikesParkedInARowHidingEachOtherAreCountedOneByOne() {
        // three bikes, 40 px tall, each half hidden by the next: the detector sees one box 3.4 heights wide
        RuleHarness h = run(MisparkedBikesRule.TYPE, BIKES, ZoneType.NO_BIKE_PARKING, 320,
                new Thing("bicycle", new Box(50, 150, 186, 190), 0, 320));
        assertThat(h.confirmed).hasSize(1);
        assertThat(h.confirmed.get(0).counts()).containsEntry("bicycle", 3);
        assertThat(h.confirmed.get(0).measurements()).as("what min_bikes and dwell_s were held against")
                .containsEntry("min_bikes", 3.0).containsKeys("dwell_s", "score_min", "score_mean");
        assertThat(h.confirmed.get(0).measurements().get("dwell_s")).isBetween(300.0, 302.0);
    }

    @Test
    void oneBikeSeenSideOnIsOneBike() {
        RuleHarness h = run(MisparkedBikesRule.TYPE, Map.of("min_bikes", 2), ZoneType.NO_BIKE_PARKING, 320,
                new Thing("bicycle", new Box(50, 150, 118, 190), 0, 320));
        assertThat(h.confirmed).isEmpty();
    }

    @Test
    void aBikeBeingWheeledIsNotParked() {
        // two parked bikes, and one held by a person waiting at the kerb as long as the others stand
        RuleHarness h = run(MisparkedBikesRule.TYPE, BIKES, ZoneType.NO_BIKE_PARKING, 320,
                new Thing("bicycle", new Box(20, 150, 88, 190), 0, 320),
                new Thing("bicycle", new Box(100, 150, 168, 190), 0, 320),
                new Thing("bicycle", new Box(220, 150, 288, 190), 0, 320),
                new Thing("person", new Box(235, 110, 265, 192), 0, 320));
        assertThat(h.confirmed).isEmpty();
    }

    private static final Box VENDOR = new Box(100, 100, 130, 190);
    private static final Box TRICYCLE = new Box(140, 140, 220, 190);

    @Test
    void aVendorWithATricycleIsAStall() {
        RuleHarness h = run(StreetVendingRule.TYPE, Map.of(), ZoneType.NO_VENDING, 200,
                new Thing("person", VENDOR, 0, 200), new Thing("bicycle", TRICYCLE, 0, 200));
        assertThat(h.confirmed).hasSize(1);
        assertThat(h.confirmed.get(0).counts()).containsEntry("person", 1).containsEntry("bicycle", 1);
        assertThat(h.confirmed.get(0).measurements()).containsEntry("min_persons", 1.0).containsEntry("min_props", 1.0)
                .containsEntry("score_min", 0.9);
    }

    /** A rider and a bike stopping {@code seconds} in a no-vending zone, then leaving. */
    private static RuleHarness riderStopping(int seconds) {
        return run(StreetVendingRule.TYPE, Map.of(), ZoneType.NO_VENDING, seconds + 100,
                new Thing("person", new Box(150, 110, 180, 185), 10, 10 + seconds),
                new Thing("bicycle", new Box(140, 140, 200, 190), 10, 10 + seconds));
    }

    @Test
    void aDeliveryRiderStoppingAWhileIsNotAStall() {
        // two minutes for a handover, then off
        RuleHarness h = riderStopping(120);
        assertThat(h.confirmed).isEmpty();
        assertThat(h.nearMisses).as("stood more than half of dwell_s (180 s), then left").singleElement()
                .satisfies(m -> {
                    assertThat(m.rule()).isEqualTo(StreetVendingRule.NAME);
                    assertThat(m.reason()).endsWith(" s of 180 s and left");
                    assertThat(m.measurements().get("dwell_s")).isBetween(100.0, 120.0);
                    assertThat(m.measurements()).containsEntry("min_persons", 1.0).containsEntry("min_props", 1.0);
                });
    }

    @Test
    void aGroupLeavingBeforeHalfItsDwellIsNoNearMiss() {
        RuleHarness h = riderStopping(60);
        assertThat(h.confirmed).isEmpty();
        assertThat(h.nearMisses).isEmpty();
    }

    @Test
    void aParkedTricycleWithNobodyAroundIsNotAStall() {
        RuleHarness h = run(StreetVendingRule.TYPE, Map.of(), ZoneType.NO_VENDING, 400,
                new Thing("bicycle", TRICYCLE, 0, 400), new Thing("person", new Box(20, 100, 50, 190), 100, 110));
        assertThat(h.confirmed).isEmpty();
    }

    /** The whole picture as a no-vending zone with a responsible unit (门前三包). */
    private static Zone shopfront(String unit) {
        Zone z = RuleHarness.zone("z", ZoneType.NO_VENDING, 0, 0, 1, 1);
        return new Zone(z.id(), z.type(), z.polygon(), null, unit, z.schedule(), Map.of());
    }

    private static final Map<String, Object> GRACE = Map.of("grace_s", 120.0);

    @Test
    void aUnitIsWarnedFirstAndAViolationFollowsOnlyPastItsGrace() {
        RuleHarness h = run(StreetVendingRule.TYPE, GRACE, shopfront("shop-12"), 400,
                new Thing("person", VENDOR, 0, 400), new Thing("bicycle", TRICYCLE, 0, 400));
        assertThat(h.warned).hasSize(1);
        assertThat(h.warned.get(0).id()).endsWith(Violation.WARNING);
        assertThat(h.warned.get(0).unit()).isEqualTo("shop-12");
        assertThat(h.confirmed).hasSize(1);
        assertThat(Violation.warning(h.confirmed.get(0).id())).isFalse();
        assertThat(h.confirmed.get(0).confirmUs() - h.warned.get(0).confirmUs()).isBetween(120_000_000L, 121_000_000L);
    }

    @Test
    void aUnitThatClearsWithinItsGraceGetsOnlyTheWarning() {
        RuleHarness h = run(StreetVendingRule.TYPE, GRACE, shopfront("shop-12"), 400,
                new Thing("person", VENDOR, 0, 250), new Thing("bicycle", TRICYCLE, 0, 250));
        assertThat(h.warned).hasSize(1);
        assertThat(h.confirmed).isEmpty();
        assertThat(h.ended).containsExactly(h.warned.get(0));
    }

    @Test
    void withoutAResponsibleUnitThereIsNoGrace() {
        RuleHarness h = run(StreetVendingRule.TYPE, GRACE, shopfront(null), 250,
                new Thing("person", VENDOR, 0, 250), new Thing("bicycle", TRICYCLE, 0, 250));
        assertThat(h.warned).isEmpty();
        assertThat(h.confirmed).hasSize(1);
    }
}
