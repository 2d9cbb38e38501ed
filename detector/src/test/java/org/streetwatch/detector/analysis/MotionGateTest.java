package org.streetwatch.detector.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.streetwatch.detector.zone.Polygon;
import org.streetwatch.detector.zone.Schedule;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.ZoneType;

class MotionGateTest {

    private static final MotionGate.Params P = MotionGate.Params.of(MotionGate.CONFIG.defaults());
    private static final Zone LEFT = new Zone("left", ZoneType.NO_VENDING,
            new Polygon(List.of(new double[] {0, 0}, new double[] {0.5, 0}, new double[] {0.5, 1}, new double[] {0, 1})),
            null, null, Schedule.ALWAYS, Map.of());

    private static Mat scene(int blobX) {
        return scene(blobX, 1.0);
    }

    /** A textured street (a brightness ramp) under light of the given strength, with a dark blob at blobX. */
    private static Mat scene(int blobX, double light) {
        Mat m = new Mat(312, 416, CV_8UC3, new Scalar(90, 100, 110, 0));
        for (int x = 0; x < 416; x += 16) {
            opencv_imgproc.rectangle(m, new Point(x, 0), new Point(x + 8, 311), new Scalar(150, 160, 170, 0),
                    -1, opencv_imgproc.LINE_8, 0);
        }
        if (blobX >= 0) {
            opencv_imgproc.rectangle(m, new Point(blobX, 100), new Point(blobX + 40, 200), new Scalar(20, 20, 20, 0),
                    -1, opencv_imgproc.LINE_8, 0);
        }
        m.convertTo(m, -1, light, 0);
        return m;
    }

    @Test
    void stillPicturesSkipInferenceUntilTheRecheck() {
        try (MotionGate g = new MotionGate()) {
            assertThat(g.skip(scene(-1), 0, List.of(LEFT), P)).as("first picture").isFalse();
            assertThat(g.skip(scene(-1), 1_000_000, List.of(LEFT), P)).isTrue();
            assertThat(g.skip(scene(-1), 9_000_000, List.of(LEFT), P)).isTrue();
            assertThat(g.skip(scene(-1), 10_000_000, List.of(LEFT), P)).as("recheck_s").isFalse();
        }
    }

    @Test
    void changeInsideAZoneIsAnalysedChangeOutsideIsNot() {
        try (MotionGate g = new MotionGate()) {
            g.skip(scene(-1), 0, List.of(LEFT), P);
            assertThat(g.skip(scene(300), 1_000_000, List.of(LEFT), P)).as("right half, outside the zone").isTrue();
            assertThat(g.skip(scene(50), 2_000_000, List.of(LEFT), P)).as("inside the zone").isFalse();
            assertThat(g.skip(scene(50), 3_000_000, List.of(LEFT), P)).as("now the reference").isTrue();
        }
    }

    @Test
    void eachZonesFindingIsKept() {
        Zone right = new Zone("right", ZoneType.ROAD, new Polygon(List.of(new double[] {0.5, 0}, new double[] {1, 0},
                new double[] {1, 1}, new double[] {0.5, 1})), null, null, Schedule.ALWAYS, Map.of());
        List<Zone> both = List.of(LEFT, right);
        try (MotionGate g = new MotionGate(); Mat empty = scene(-1); Mat left = scene(50)) {
            g.skip(empty, 0, both, P);
            assertThat(g.in(right)).as("the first picture: not compared").isTrue();
            assertThat(g.skip(left, 1_000_000, both, P)).isFalse();
            assertThat(g.anywhere()).isTrue();
            assertThat(g.in(LEFT)).isTrue();
            assertThat(g.in(right)).as("nothing moved on the right").isFalse();
        }
    }

    @Test
    void withoutZonesTheWholePictureCounts() {
        try (MotionGate g = new MotionGate()) {
            g.skip(scene(-1), 0, List.of(), P);
            assertThat(g.skip(scene(300), 1_000_000, List.of(), P)).isFalse();
        }
    }

    @Test
    void aCloudOrDuskDimmingTheWholeStreetIsNotMotion() {
        try (MotionGate g = new MotionGate()) {
            g.skip(scene(-1), 0, List.of(LEFT), P);
            assertThat(g.skip(scene(-1, 0.6), 1_000_000, List.of(LEFT), P)).as("40 % darker").isTrue();
            assertThat(g.anywhere()).isFalse();
            assertThat(g.skip(scene(50, 0.6), 2_000_000, List.of(LEFT), P)).as("someone in the dimmed zone").isFalse();
            assertThat(g.anywhere()).isTrue();
        }
    }

    @Test
    void aZonesOwnThresholdOverridesTheCameras() {
        Zone tolerant = new Zone("left", ZoneType.NO_VENDING, LEFT.polygon(), null, null, Schedule.ALWAYS, Map.of(),
                null, null, null, 0.5);
        try (MotionGate g = new MotionGate()) {
            g.skip(scene(-1), 0, List.of(tolerant), P);
            assertThat(g.skip(scene(50), 1_000_000, List.of(tolerant), P)).as("a blob is under half the zone").isTrue();
            assertThat(g.anywhere()).isFalse();
            assertThat(g.skip(scene(-1), 2_000_000, List.of(LEFT), P)).as("the camera's threshold").isTrue();
        }
    }

    @Test
    void withGatingOffEveryPictureCountsAsMoved() {
        MotionGate.Params off = new MotionGate.Params(false, P.pixelDelta(), P.threshold(), P.recheckUs());
        try (MotionGate g = new MotionGate()) {
            assertThat(g.skip(scene(-1), 0, List.of(LEFT), off)).isFalse();
            assertThat(g.anywhere()).isTrue();
        }
    }
}
