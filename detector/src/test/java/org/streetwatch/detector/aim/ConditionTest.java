package org.streetwatch.detector.aim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.streetwatch.detector.zone.Polygon;

/** Judging a camera's picture from plain numbers: its look, and how its features moved. */
class ConditionTest {

    private static final AimCheck.Params P = new AimCheck.Params(true, 1_000_000, 0.01, 0.15, 25, 6, 0.35);
    private static final Condition.Look REFERENCE = new Condition.Look(110, 50, 0.8);

    private static Homography translation(double dx, double dy) {
        return new Homography(new double[] {1, 0, dx, 0, 1, dy, 0, 0, 1});
    }

    @Test
    void aSmallMoveShiftsTheZonesWithThePicture() {
        Condition c = Condition.judge(REFERENCE, REFERENCE, translation(16, 0), 320, 240, P);
        assertThat(c.state()).isEqualTo(CameraState.SHIFTED);
        assertThat(c.shift()).isCloseTo(0.05, within(1e-9));
        Polygon moved = c.move(new Polygon(List.of(new double[] {0.1, 0.2}, new double[] {0.5, 0.2},
                new double[] {0.5, 0.6}, new double[] {0.98, 0.6})));
        assertThat(moved.x(0)).isCloseTo(0.15, within(1e-9));
        assertThat(moved.y(0)).isCloseTo(0.2, within(1e-9));
        assertThat(moved.x(3)).as("kept inside the picture").isEqualTo(1.0);
    }

    @Test
    void jitterBelowShiftMinLeavesTheZonesAlone() {
        Condition c = Condition.judge(REFERENCE, REFERENCE, translation(1, 1), 320, 240, P);
        assertThat(c.state()).isEqualTo(CameraState.OK);
        assertThat(c.homography()).isSameAs(Homography.IDENTITY);
    }

    @Test
    void aLargeMoveOrNoMatchIsMisaimed() {
        assertThat(Condition.judge(REFERENCE, REFERENCE, translation(128, 0), 320, 240, P).state())
                .isEqualTo(CameraState.MISAIMED);
        assertThat(Condition.judge(REFERENCE, REFERENCE, null, 320, 240, P).state()).isEqualTo(CameraState.MISAIMED);
    }

    @Test
    void aUniformPictureIsCoveredAndOneWithoutDetailIsBlurred() {
        assertThat(Condition.judge(REFERENCE, new Condition.Look(12, 2, 0.1), null, 320, 240, P).state())
                .isEqualTo(CameraState.COVERED);
        assertThat(Condition.judge(REFERENCE, new Condition.Look(110, 45, 0.2), null, 320, 240, P).state())
                .isEqualTo(CameraState.BLURRED);
    }

    @Test
    void duskIsNeitherCoveredNorBlurred() {
        // darker, less contrast, but as sharp for its contrast (noise even adds detail)
        assertThat(Condition.judge(REFERENCE, new Condition.Look(35, 15, 0.9), translation(0, 0), 320, 240, P)
                .state()).isEqualTo(CameraState.OK);
    }

    @Test
    void shiftIsTheMeanMoveOfTheCorners() {
        double a = Math.toRadians(3);
        Homography turn = new Homography(new double[] {Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a), 0, 0,
            0, 1});
        // corners at distance 0, 320, 400, 240 from the origin, each moved by 2 sin(a/2) of it
        assertThat(turn.shift(320, 240)).isCloseTo((320 + 400 + 240) / 4.0 * 2 * Math.sin(a / 2), within(1e-6));
    }
}
