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
        Mat m = new Mat(312, 416, CV_8UC3, new Scalar(90, 100, 110, 0));
        if (blobX >= 0) {
            opencv_imgproc.rectangle(m, new Point(blobX, 100), new Point(blobX + 40, 200), new Scalar(20, 20, 20, 0),
                    -1, opencv_imgproc.LINE_8, 0);
        }
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
    void withoutZonesTheWholePictureCounts() {
        try (MotionGate g = new MotionGate()) {
            g.skip(scene(-1), 0, List.of(), P);
            assertThat(g.skip(scene(300), 1_000_000, List.of(), P)).isFalse();
        }
    }
}
