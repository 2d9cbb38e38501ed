package org.streetwatch.detector.aim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import java.util.function.UnaryOperator;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.streetwatch.detector.testing.CameraViews;
import org.streetwatch.ingest.testing.SharedData;

/**
 * The aim check on a real photograph (darknet's dog.jpg: a bicycle, a dog, a van, a street) and versions of it moved,
 * turned, covered, blurred and darkened, as a camera knocked, re-aimed, taped over, out of focus or at dusk shows it.
 */
class AimCheckTest {

    private static final long S = 1_000_000;
    private final AimCheck.Params p = defaultsCheckedEverySecond();

    private final AimCheck check = new AimCheck();
    private final Mat reference = imread(SharedData.require("data/images/dog.jpg").toString());

    private static AimCheck.Params defaultsCheckedEverySecond() {
        try {
            return AimCheck.Params.of(AimCheck.CONFIG.parse(
                    tools.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("check_s", 1.0), "camera_check",
                    ""));
        } catch (org.streetwatch.config.ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void close() {
        check.close();
        reference.close();
    }

    /** The check's finding on the reference, then on a changed version of it. */
    private Condition after(UnaryOperator<Mat> change) {
        assertThat(check.check(reference, 0, p).state()).isEqualTo(CameraState.OK);
        try (Mat changed = change.apply(reference)) {
            return check.check(changed, 2 * S, p);
        }
    }

    @Test
    void theSamePictureIsOk() {
        Condition c = after(Mat::clone);
        assertThat(c.state()).isEqualTo(CameraState.OK);
        assertThat(c.shift()).isLessThan(0.005);
    }

    @Test
    void movedByFivePercentTheZonesFollow() {
        Condition c = after(m -> CameraViews.moved(m, 0.05, 0));
        assertThat(c.state()).isEqualTo(CameraState.SHIFTED);
        assertThat(c.shift()).isCloseTo(0.05, within(0.005));
        double[] p = c.homography().apply(100, 100);
        assertThat(p[0] - 100).as("moved right, in the checked picture's pixels").isCloseTo(0.05 * c.width(),
                within(2.0));
    }

    @Test
    void turnedByThreeDegreesTheZonesFollow() {
        Condition c = after(m -> CameraViews.moved(m, 0, 3));
        assertThat(c.state()).isEqualTo(CameraState.SHIFTED);
        assertThat(c.shift()).isBetween(0.02, 0.06);
    }

    @Test
    void movedByFortyPercentIsMisaimed() {
        assertThat(after(m -> CameraViews.moved(m, 0.40, 0)).state()).isEqualTo(CameraState.MISAIMED);
    }

    @Test
    void aCoveredLensIsCovered() {
        assertThat(after(CameraViews::covered).state()).isEqualTo(CameraState.COVERED);
    }

    @Test
    void aBlurredPictureIsBlurred() {
        assertThat(after(CameraViews::blurred).state()).isEqualTo(CameraState.BLURRED);
    }

    @Test
    void duskIsNeitherCoveredNorBlurred() {
        assertThat(after(m -> CameraViews.darkened(m, 0.3)).state()).isEqualTo(CameraState.OK);
    }
}
