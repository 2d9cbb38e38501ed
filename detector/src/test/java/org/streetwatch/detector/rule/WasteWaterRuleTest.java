package org.streetwatch.detector.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.streetwatch.detector.Detection;
import org.streetwatch.violation.Box;
import org.streetwatch.violation.ZoneType;

/**
 * Waste water as cause and effect, on a plain asphalt picture (320x240, grain and sensor noise) with a drain in the
 * middle: what darkens a drain besides water — an old puddle, rain, a shadow sweeping over, a parked car's shade —
 * raises no case; water poured while a person is there does, in rain too.
 */
class WasteWaterRuleTest {

    private static final int W = 320;
    private static final int H = 240;
    /** The drain zone, and a person standing beside it. */
    private static final double[] DRAIN = {0.45, 0.60, 0.55, 0.70};
    private static final Box PERSON = new Box(124, 110, 144, 160);
    private static final Box CAR = new Box(40, 115, 140, 165);

    /** What a frame at second t shows, as layers over the asphalt. */
    private interface Layer {
        void draw(Mat img, double t);
    }

    private final Mat asphalt = asphalt();
    private final Random noise = new Random(7);

    private static Mat asphalt() {
        Random r = new Random(1);
        byte[] px = new byte[W * H * 3];
        for (int i = 0; i < W * H; i++) {
            int v = 110 + r.nextInt(40);
            px[3 * i] = (byte) v;
            px[3 * i + 1] = (byte) v;
            px[3 * i + 2] = (byte) (v + 5);
        }
        Mat m = new Mat(H, W, CV_8UC3);
        m.data().put(px);
        return m;
    }

    /** Pixels of the rectangle (picture pixels) scaled to {@code factor} of their brightness. */
    private static void darken(Mat img, int x1, int y1, int x2, int y2, double factor) {
        x1 = Math.max(0, x1);
        x2 = Math.min(W, x2);
        if (x2 <= x1) {
            return;
        }
        try (Rect r = new Rect(x1, y1, x2 - x1, y2 - y1); Mat roi = img.apply(r)) {
            roi.convertTo(roi, -1, factor, 0);
        }
    }

    private static Layer between(double from, double to, Layer l) {
        return (img, t) -> {
            if (t >= from && t < to) {
                l.draw(img, t);
            }
        };
    }

    private static final Layer WET = (img, t) -> darken(img, 144, 144, 176, 168, 0.55);
    private static final Layer RAIN = (img, t) -> darken(img, 0, 0, W, H, 0.6);

    private static Layer object(Box b, int grey) {
        return (img, t) -> {
            try (Rect r = new Rect((int) b.x1(), (int) b.y1(), (int) b.width(), (int) b.height()); Mat roi = img.apply(r);
                 Scalar s = new Scalar(grey, grey, grey, 0)) {
                roi.put(s);
            }
        };
    }

    /** Runs 60 seconds of the scene; people and cars are detected while they are drawn. */
    private RuleHarness run(List<Layer> layers, double[] personS, double[] carS) {
        RuleHarness h = new RuleHarness(WasteWaterRule.TYPE, Map.of("window_s", 30, "persist_s", 8),
                RuleHarness.zone("drain", ZoneType.DRAIN, DRAIN[0], DRAIN[1], DRAIN[2], DRAIN[3]));
        List<Layer> all = new ArrayList<>(layers);
        if (carS != null) {
            all.add(between(carS[0], carS[1], object(CAR, 60)));
        }
        if (personS != null) {
            all.add(between(personS[0], personS[1], object(PERSON, 40)));
        }
        byte[] grain = new byte[W * H * 3];
        for (int s = 0; s < 60; s++) {
            try (Mat img = asphalt.clone()) {
                for (Layer l : all) {
                    l.draw(img, s);
                }
                noise.nextBytes(grain);
                byte[] px = new byte[W * H * 3];
                img.data().get(px);
                for (int i = 0; i < px.length; i++) {
                    px[i] = (byte) Math.max(0, Math.min(255, (px[i] & 0xff) + grain[i] % 4));
                }
                img.data().put(px);
                List<Detection> dets = new ArrayList<>();
                if (personS != null && s >= personS[0] && s < personS[1]) {
                    dets.add(RuleHarness.detection("person", PERSON));
                }
                if (carS != null && s >= carS[0] && s < carS[1]) {
                    dets.add(RuleHarness.detection("car", CAR));
                }
                h.frame(s, img, dets);
            }
        }
        return h;
    }

    @Test
    void waterPouredWhileAPersonIsThereIsACase() {
        RuleHarness h = run(List.of(between(12, 60, WET)), new double[] {5, 15}, null);
        assertThat(h.confirmed).hasSize(1);
        assertThat(h.confirmed.get(0).confirmUs()).isBetween(20_000_000L, 22_000_000L);
        assertThat(h.nearMisses).isEmpty();
        var measured = h.confirmed.get(0).measurements();
        assertThat(measured).as("wet share held against min_area, time against persist_s")
                .containsKeys("min_area", "persist_s", "spread");
        assertThat(measured.get("min_area")).isGreaterThanOrEqualTo(0.15);
        assertThat(measured.get("persist_s")).isGreaterThanOrEqualTo(8.0);
    }

    @Test
    void waterPouredInTheRainIsStillACase() {
        RuleHarness h = run(List.of(between(3, 60, RAIN), between(12, 60, WET)), new double[] {5, 15}, null);
        assertThat(h.confirmed).hasSize(1);
    }

    @Test
    void aPersonWalkingPastAnOldPuddleIsNoCaseAndThePuddleIsANearMiss() {
        RuleHarness h = run(List.of(between(5, 60, WET)), new double[] {30, 40}, null);
        assertThat(h.confirmed).isEmpty();
        assertThat(h.nearMisses).hasSize(1);
        assertThat(h.nearMisses.get(0).ptsUs()).isEqualTo(13_000_000L);
        assertThat(h.nearMisses.get(0).measurements().get("min_area")).isGreaterThanOrEqualTo(0.15);
    }

    @Test
    void aPuddleThereBeforeThePersonArrivedIsNotTheirs() {
        RuleHarness h = run(List.of(between(5, 60, WET)), new double[] {7, 20}, null);
        assertThat(h.confirmed).isEmpty();
    }

    @Test
    void rainDarkeningEverythingIsNoCase() {
        RuleHarness h = run(List.of(between(10, 60, RAIN)), new double[] {5, 20}, null);
        assertThat(h.confirmed).isEmpty();
        assertThat(h.nearMisses).isEmpty();
    }

    @Test
    void aShadowSweepingOverTheDrainIsNoCase() {
        // a building's shadow, 150 px wide, crossing the picture at 12 px/s while a person waits at the drain
        Layer shadow = (img, t) -> {
            int x = (int) (-150 + (t - 6) * 12);
            darken(img, x, 0, x + 150, H, 0.5);
        };
        RuleHarness h = run(List.of(between(6, 60, shadow)), new double[] {5, 30}, null);
        assertThat(h.confirmed).isEmpty();
    }

    @Test
    void aParkedCarsShadeIsNoCaseEvenWithItsDriverAtTheDrain() {
        Layer shade = (img, t) -> darken(img, 140, 140, 180, 172, 0.5);
        RuleHarness h = run(List.of(between(5, 60, shade)), new double[] {6, 14}, new double[] {5, 60});
        assertThat(h.confirmed).isEmpty();
        assertThat(h.nearMisses).hasSize(1);
        assertThat(h.nearMisses.get(0).reason()).contains("vehicle");
    }
}
