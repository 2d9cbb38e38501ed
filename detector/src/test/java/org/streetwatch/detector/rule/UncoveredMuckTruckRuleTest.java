package org.streetwatch.detector.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;
import org.streetwatch.detector.Detection;
import org.streetwatch.violation.Box;
import org.streetwatch.violation.ZoneType;

/**
 * Muck trucks on plain pictures: a grey street with a truck whose load is rough earth (uncovered) or a smooth green
 * net (covered), by day and by night (a third of the light, faded colours, sensor noise), at a sub-stream's size and
 * with a main stream's; and a light truck the model calls {@code car}.
 */
class UncoveredMuckTruckRuleTest {

    /** A street picture {@code w x h} with a truck in {@code box} (picture pixels). */
    static Mat street(int w, int h, Box truck, boolean covered, boolean night, long seed) {
        Random r = new Random(seed);
        byte[] px = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            int v = 120 + r.nextInt(6);
            px[3 * i] = (byte) v;
            px[3 * i + 1] = (byte) (v + 2);
            px[3 * i + 2] = (byte) v;
        }
        int lump = Math.max(1, (int) (truck.width() / 40)); // stones and clods, a few pixels on a main stream
        int cargoBottom = (int) (truck.y1() + truck.height() * 0.5);
        for (int y = (int) truck.y1(); y < (int) truck.y2(); y++) {
            for (int x = (int) truck.x1(); x < (int) truck.x2(); x++) {
                int i = 3 * (y * w + x);
                int b;
                int g;
                int red;
                if (y >= cargoBottom) {
                    b = 150; // a blue cab and body
                    g = 90;
                    red = 60;
                } else if (covered) {
                    b = 40; // a green dust net
                    g = 140 + r.nextInt(6);
                    red = 40;
                } else {
                    int shade = new Random(seed * 31 + (x / lump) * 7919L + (y / lump) * 104729L).nextInt(90);
                    b = 40 + shade / 2; // soil and gravel, lumpy
                    g = 80 + shade * 2 / 3;
                    red = 110 + shade;
                }
                px[i] = (byte) b;
                px[i + 1] = (byte) g;
                px[i + 2] = (byte) Math.min(255, red);
            }
        }
        if (night) {
            for (int i = 0; i < w * h; i++) {
                int grey = ((px[3 * i] & 0xff) + (px[3 * i + 1] & 0xff) + (px[3 * i + 2] & 0xff)) / 3;
                for (int c = 0; c < 3; c++) {
                    double faded = ((px[3 * i + c] & 0xff) + 2 * grey) / 3.0; // a third of the saturation
                    px[3 * i + c] = (byte) Math.max(0, Math.min(255, faded * 0.3 + 6 + r.nextInt(29) - 14));
                }
            }
        }
        Mat m = new Mat(h, w, CV_8UC3);
        m.data().put(px);
        return m;
    }

    private static final CargoJudge.Thresholds DEFAULTS = UncoveredMuckTruckRule.TYPE.params(
            UncoveredMuckTruckRule.TYPE.config().defaults()).cargo();

    private static CargoJudge.Verdict judge(Mat picture, Box truck, int minCargoPx) {
        return CargoView.judge(new HeuristicCargoJudge(), picture, truck, minCargoPx, DEFAULTS).verdict();
    }

    @Test
    void theJudgeSeesLoadsByNightAsByDay() {
        Box truck = new Box(200, 150, 360, 310);
        for (boolean night : new boolean[] {false, true}) {
            try (Mat open = street(640, 480, truck, false, night, 3); Mat netted = street(640, 480, truck, true, night, 3)) {
                assertThat(judge(open, truck, 48)).as("uncovered, night " + night)
                        .isEqualTo(CargoJudge.Verdict.UNCOVERED);
                assertThat(judge(netted, truck, 48)).as("covered, night " + night).isEqualTo(CargoJudge.Verdict.COVERED);
            }
        }
    }

    @Test
    void aSubStreamsSmallLoadIsJudgedOnAnUpscaledCrop() {
        Box onMain = new Box(400, 300, 464, 364);
        Box onSub = onMain.scale(0.25); // 16 px wide, its load 7 px tall
        for (boolean covered : new boolean[] {false, true}) {
            try (Mat main = street(1280, 960, onMain, covered, false, 5); Mat sub = new Mat();
                 Size s = new Size(320, 240)) {
                resize(main, sub, s, 0, 0, INTER_AREA);
                assertThat(judge(sub, onSub, 0)).isEqualTo(CargoJudge.Verdict.UNSURE);
                assertThat(judge(sub, onSub, 48)).isEqualTo(covered ? CargoJudge.Verdict.COVERED
                        : CargoJudge.Verdict.UNCOVERED);
            }
        }
    }

    /** Ten sightings of a truck crossing a 320x240 sub-stream, a main stream at 4x offered or not. */
    private static RuleHarness crossing(boolean withMain, Map<String, Object> settings, String kind, Box[] cars) {
        RuleHarness h = new RuleHarness(UncoveredMuckTruckRule.TYPE, settings,
                RuleHarness.zone("road", ZoneType.ROAD, 0, 0, 1, 1));
        List<Mat> closeAfter = new ArrayList<>();
        for (int s = 0; s < 10; s++) {
            Box onMain = new Box(300 + 16 * s, 200, 356 + 16 * s, 256); // 14 px on the sub-stream, its load 6 px
            Box onSub = onMain.scale(0.25);
            Mat main = street(1280, 960, onMain, false, false, 11 + s);
            Mat sub = new Mat();
            try (Size size = new Size(320, 240)) {
                resize(main, sub, size, 0, 0, INTER_AREA);
            }
            h.recorded(withMain ? main : null);
            List<Detection> dets = new ArrayList<>();
            dets.add(RuleHarness.detection(kind, onSub));
            if (cars != null) {
                for (Box c : cars) {
                    dets.add(RuleHarness.detection("car", c));
                }
            }
            h.frame(s, sub, dets);
            closeAfter.add(main);
            closeAfter.add(sub);
        }
        closeAfter.forEach(Mat::close);
        return h;
    }

    @Test
    void aSmallTruckOnASubStreamIsJudgedOnTheMainStreamWhenThereIsOne() {
        // without the upscaled crop, the sub-stream's 6-pixel load is too small to judge: only the main stream's is
        Map<String, Object> noUpscale = Map.of("min_cargo_px", 0);
        assertThat(crossing(false, noUpscale, "truck", null).confirmed).isEmpty();
        assertThat(crossing(true, noUpscale, "truck", null).confirmed).singleElement().satisfies(v -> {
            // the heuristic's own measures, averaged over the sightings it judged: an open load is earth, not net
            assertThat(v.measurements()).containsKeys("earth_share_mean", "cover_share_mean", "roughness_mean");
            assertThat(v.measurements().get("earth_share_mean")).isGreaterThan(v.measurements().get("cover_share_mean"));
        });
    }

    @Test
    void aCarWithATrucksShapeAndSizeIsATruck() {
        // the camera's cars, lower than wide, 6 px tall at row 50 to 11 at row 80 (a receding road); the truck at
        // row 64 is 14 px tall and as wide, where a car is 8
        Box[] cars = new Box[20];
        for (int i = 0; i < cars.length; i++) {
            float y2 = 50 + (i % 4) * 10;
            float h = 6 + (y2 - 50) / 6;
            cars[i] = new Box(150 + (i / 4) * 30, y2 - h, 150 + (i / 4) * 30 + h * 1.6f, y2);
        }
        RuleHarness asTruck = crossing(true, Map.of(), "car", cars);
        RuleHarness asCar = crossing(true, Map.of("car_as_truck", false), "car", cars);
        assertThat(asTruck.confirmed).hasSize(1);
        assertThat(asTruck.confirmed.get(0).counts()).containsEntry("truck", 1);
        assertThat(asCar.confirmed).isEmpty();
    }

    /**
     * Grey rubble at night: the load's lumps without earth's colour, so only its roughness says uncovered. A truck
     * the model calls {@code truck} with it is a case; a car box with a truck's shape is not (two guesses), though
     * with an earth-coloured load it is.
     */
    @Test
    void aCarBoxsRoughLoadInTheDarkIsNoEvidence() {
        assertThat(nightCrossing("truck", true).confirmed).hasSize(1);
        assertThat(nightCrossing("car", true).confirmed).isEmpty();
        assertThat(nightCrossing("car", false).confirmed).as("earth colour seen").hasSize(1);
    }

    /** A truck box crossing a night street among the camera's cars, its load grey rubble or earth. */
    private static RuleHarness nightCrossing(String kind, boolean grey) {
        RuleHarness h = new RuleHarness(UncoveredMuckTruckRule.TYPE, Map.of(),
                RuleHarness.zone("road", ZoneType.ROAD, 0, 0, 1, 1));
        for (int s = 0; s < 10; s++) {
            Box truck = new Box(100 + 20 * s, 150, 260 + 20 * s, 310);
            List<Detection> dets = new ArrayList<>();
            dets.add(RuleHarness.detection(kind, truck));
            for (int c = 0; c < 20; c++) { // the camera's cars: 50 px tall, wider than tall, around row 310
                float y2 = 290 + c * 2;
                dets.add(RuleHarness.detection("car", new Box(20 + c * 30, y2 - 50, 100 + c * 30, y2)));
            }
            try (Mat img = street(640, 480, truck, false, true, 21 + s);
                 Rect load = new Rect((int) truck.x1(), (int) truck.y1(), 160, 80); Mat cargo = img.apply(load);
                 Mat lumps = new Mat()) {
                if (grey) {
                    cvtColor(cargo, lumps, COLOR_BGR2GRAY);
                    cvtColor(lumps, cargo, COLOR_GRAY2BGR);
                }
                h.frame(s, img, dets);
            }
        }
        return h;
    }

    /** A truck the operator's model calls uncovered, on a road, in {@code sightings} pictures a second apart. */
    private static RuleHarness uncoveredTruck(int sightings) {
        RuleHarness h = new RuleHarness(UncoveredMuckTruckRule.TYPE, Map.of(),
                RuleHarness.zone("road", ZoneType.ROAD, 0, 0, 1, 1));
        try (Mat img = street(320, 240, new Box(100, 100, 200, 200), false, false, 1)) {
            for (int s = 0; s < sightings + 30; s++) {
                h.frame(s, img, s < sightings
                        ? List.of(RuleHarness.detection("muck_truck_uncovered", new Box(100, 100, 200, 200)))
                        : List.of());
            }
        }
        return h;
    }

    @Test
    void aCaseMeasuresTheUncoveredSightingsItWasConfirmedOn() {
        RuleHarness h = uncoveredTruck(5);
        assertThat(h.confirmed).singleElement().satisfies(v -> assertThat(v.measurements())
                .containsEntry("min_sightings", 3.0).containsEntry("min_ratio", 1.0).containsEntry("judged", 3.0)
                .containsEntry("detector_score_mean", 0.9));   // the operator's model judged it: its score
        assertThat(h.nearMisses).isEmpty();
    }

    @Test
    void aTruckLeavingWithHalfItsSightingsIsANearMiss() {
        RuleHarness h = uncoveredTruck(2);
        assertThat(h.confirmed).isEmpty();
        assertThat(h.nearMisses).singleElement().satisfies(m -> {
            assertThat(m.zoneId()).isEqualTo("road");
            assertThat(m.measurements()).containsEntry("min_sightings", 2.0).containsEntry("min_ratio", 1.0);
        });
    }
}
