package org.streetwatch.detector.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.streetwatch.detector.aim.AimCheck;
import org.streetwatch.detector.rule.MisparkedBikesRule;
import org.streetwatch.detector.track.Tracker;
import org.streetwatch.detector.zone.Polygon;
import org.streetwatch.detector.zone.Schedule;
import org.streetwatch.detector.zone.Zone;
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
}
