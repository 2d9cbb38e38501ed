package org.streetwatch.detector.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.streetwatch.violation.Box;

/** A bike's operator from the colour of its box, on a grey street with one painted bike frame per test. */
class BikeBrandsTest {

    private static final Map<String, String> PALETTE = Map.of("meituan", "40-65", "hellobike", "195-225",
            "qingju", "95-150");
    private static final Box BIKE = new Box(20, 20, 100, 70);

    /** The brand of a bike whose frame (a third of its box) is painted in {@code bgr}. */
    private static String brandOf(double b, double g, double r) {
        try (Scalar grey = new Scalar(110, 110, 110, 0); Mat street = new Mat(100, 120, CV_8UC3, grey);
             Scalar paint = new Scalar(b, g, r, 0); Point p1 = new Point(20, 35); Point p2 = new Point(100, 52)) {
            rectangle(street, p1, p2, paint, -1, 8, 0);
            return BikeBrands.classify(street, BIKE, PALETTE, 0.35, 0.12);
        }
    }

    @Test
    void liveriesAreTheirOperators() {
        assertThat(brandOf(0, 200, 255)).isEqualTo("meituan");      // yellow
        assertThat(brandOf(230, 120, 20)).isEqualTo("hellobike");   // blue
        assertThat(brandOf(60, 200, 40)).isEqualTo("qingju");       // green
    }

    @Test
    void aGreyOrDullBikeIsUnknown() {
        assertThat(brandOf(120, 120, 120)).isEqualTo(BikeBrands.UNKNOWN);
        assertThat(brandOf(90, 100, 110)).isEqualTo(BikeBrands.UNKNOWN);   // barely saturated brown
    }

    @Test
    void aHueRangeMayWrapPastRedAndABadOneSaysWhy() {
        assertThat(BikeBrands.range("350-10")).containsExactly(350, 10);
        assertThatThrownBy(() -> BikeBrands.range("40")).hasMessageContaining("40-65");
        assertThatThrownBy(() -> BikeBrands.range("40-400")).hasMessageContaining("0..359");
    }
}
