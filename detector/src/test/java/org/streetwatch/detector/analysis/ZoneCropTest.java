package org.streetwatch.detector.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.streetwatch.detector.Detection;
import org.streetwatch.detector.aim.AimCheck;
import org.streetwatch.detector.rule.MisparkedBikesRule;
import org.streetwatch.detector.track.Tracker;
import org.streetwatch.detector.zone.Polygon;
import org.streetwatch.detector.zone.Schedule;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.Box;
import org.streetwatch.violation.ZoneType;
import tools.jackson.databind.json.JsonMapper;

class ZoneCropTest {

    private static final ZoneCrop CROP = new ZoneCrop(true, 0.6);

    private static Zone zone(String id, ZoneType type, double x1, double y1, double x2, double y2) {
        return new Zone(id, type, new Polygon(List.of(new double[] {x1, y1}, new double[] {x2, y1},
                new double[] {x2, y2}, new double[] {x1, y2})), null, null, Schedule.ALWAYS, Map.of());
    }

    private static Scene scene(boolean outsideBays, Zone... zones) throws Exception {
        var bikes = MisparkedBikesRule.TYPE.config();
        return new Scene("cam", List.of(zones), Map.of("misparked_bikes", bikes.defaults().with(bikes.parseOverrides(
                JsonMapper.builder().build().valueToTree(Map.of("outside_bays", outsideBays)), "test", "rules"))),
                Tracker.Params.of(Tracker.CONFIG.defaults()), MotionGate.Params.of(MotionGate.CONFIG.defaults()),
                AimCheck.Params.of(AimCheck.CONFIG.defaults()), ZoneId.of("Asia/Shanghai"));
    }

    @Test
    void aFarZoneIsDetectedOnItsBoxWithRoomAboveForWhoStandsInIt() throws Exception {
        // a far pavement across the top of a 416x312 picture
        int[] box = CROP.box(scene(false, zone("far", ZoneType.NO_VENDING, 0.3, 0.3, 0.7, 0.45)), 0, 416, 312);
        assertThat(box).containsExactly(108, 18, 200, 135); // x 0.26-0.74, y 0.06 (0.3 - 0.04 - 0.2) to 0.49
    }

    @Test
    void zonesCoveringMostOfThePictureMasksAndTheWholePictureRuleKeepTheFullView() throws Exception {
        assertThat(CROP.box(scene(false, zone("big", ZoneType.NO_VENDING, 0.1, 0.3, 0.9, 0.95)), 0, 416, 312))
                .isNull();
        assertThat(CROP.box(scene(false, zone("m", ZoneType.MASK, 0.3, 0.3, 0.4, 0.4)), 0, 416, 312))
                .as("a mask alone watches nothing").isNull();
        assertThat(CROP.box(scene(true, zone("far", ZoneType.NO_VENDING, 0.3, 0.3, 0.7, 0.45)), 0, 416, 312))
                .as("bikes outside the bays: the whole picture").isNull();
        assertThat(ZoneCrop.OFF.box(scene(false, zone("far", ZoneType.NO_VENDING, 0.3, 0.3, 0.7, 0.45)), 0, 416,
                312)).isNull();
    }

    @Test
    void aFittedDetectorSeesEachZonesBoxOnItsOwnAndMergesThoseThatOverlapMuch() throws Exception {
        Zone left = zone("left", ZoneType.NO_VENDING, 0.05, 0.5, 0.25, 0.7);
        Zone right = zone("right", ZoneType.NO_STORAGE, 0.7, 0.5, 0.9, 0.7);
        Zone overlapping = zone("next", ZoneType.NO_STORAGE, 0.1, 0.5, 0.28, 0.72);
        ZoneCrop.Plan apart = CROP.plan(scene(false, left, right), 0, 416, 312, true, z -> ZoneCrop.Need.NOW);
        assertThat(apart.boxes()).hasSize(2);
        assertThat(apart.boxes().get(0)).containsExactly(4, 81, 117, 150); // x 0.01-0.29, y 0.26-0.74
        assertThat(apart.covered()).containsExactly(left, right);
        assertThat(CROP.plan(scene(false, left, overlapping), 0, 416, 312, true, z -> ZoneCrop.Need.NOW).boxes())
                .as("together no larger than apart: one box").hasSize(1);
        assertThat(CROP.plan(scene(false, left, right), 0, 416, 312, false, z -> ZoneCrop.Need.NOW).boxes())
                .as("a fixed-size detector: one box around both").hasSize(1);
    }

    @Test
    void zonesNotDueKeepTheirLastDetectionsUntilTheirTurn() throws Exception {
        Zone road = zone("road", ZoneType.ROAD, 0.0, 0.6, 0.5, 0.95);
        Zone pavement = zone("pavement", ZoneType.NO_VENDING, 0.7, 0.3, 0.95, 0.5);
        ZoneCrop.Plan roadOnly = CROP.plan(scene(false, road, pavement), 0, 416, 312, true, z -> z == road ? ZoneCrop.Need.NOW : ZoneCrop.Need.LATER);
        assertThat(roadOnly.boxes()).hasSize(1);
        assertThat(roadOnly.covered()).containsExactly(road);
        assertThat(roadOnly.skipped()).hasSize(1);
        // source pictures twice the analysed size: a vendor standing in the pavement zone, a car on the road
        Detection vendor = new Detection(0, "person", "person", 0.9f, new Box(620, 200, 660, 300));
        Detection car = new Detection(2, "car", "car", 0.9f, new Box(100, 420, 300, 560));
        assertThat(ZoneCrop.carried(List.of(vendor, car), roadOnly, 0.5)).containsExactly(vendor);
        ZoneCrop.Plan all = CROP.plan(scene(false, road, pavement), 0, 416, 312, true, z -> ZoneCrop.Need.NOW);
        assertThat(all.skipped()).isEmpty();
        assertThat(ZoneCrop.carried(List.of(vendor, car), all, 0.5)).as("everything detected anew").isEmpty();
        assertThat(CROP.plan(scene(false, road, pavement), 0, 416, 312, true, z -> ZoneCrop.Need.LATER).covered())
                .as("none due: all of them").containsExactly(road, pavement);
        ZoneCrop.Plan unwatched = CROP.plan(scene(false, road, pavement), 0, 416, 312, true,
                z -> z == road ? ZoneCrop.Need.NOW : ZoneCrop.Need.NONE);
        assertThat(unwatched.covered()).as("a zone no rule watches now is left out").containsExactly(road);
        assertThat(unwatched.skipped()).as("and keeps nothing").isEmpty();
        assertThat(CROP.plan(scene(false, road, pavement), 0, 416, 312, false,
                z -> z == road ? ZoneCrop.Need.NOW : ZoneCrop.Need.LATER).covered())
                .as("a fixed-size detector: every active zone, as before").containsExactly(road, pavement);
    }
}
