package org.streetwatch.detector.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.streetwatch.detector.Detection;
import org.streetwatch.violation.Box;

/** Packing crops into 2 x 2 tiles of a 416 x 416 input, and detections back to each crop's pixels. */
class MosaicTest {

    private final Mosaic mosaic = Mosaic.quarters(416, 416, 114);

    @Test
    void aCropIsPackedOnlyWhereItsTileShowsItAtLeastAtTheWholePicturesScale() {
        // a 416 x 312 picture fills the input at scale 1: a crop fits a 208 x 208 tile up to 208 px either way
        assertThat(mosaic.fits(125, 144, 416, 312)).isTrue();
        assertThat(mosaic.fits(208, 208, 416, 312)).isTrue();
        assertThat(mosaic.fits(209, 100, 416, 312)).isFalse();
        assertThat(mosaic.fits(100, 260, 416, 312)).isFalse();
        // a 768 x 576 picture is seen at 0.54: a crop of up to 384 px still gets that in a tile
        assertThat(mosaic.fits(384, 300, 768, 576)).isTrue();
        assertThat(mosaic.fits(400, 300, 768, 576)).isFalse();
    }

    @Test
    void cropsGoTopLeftInTheirTilesScaledToFitAndTheRestIsGrey() {
        List<Mat> crops = List.of(solid(100, 50, 10), solid(50, 100, 20), solid(208, 208, 30));
        List<Mosaic.Placement> at = new ArrayList<>();
        try (Mat m = mosaic.compose(crops, at); UByteIndexer px = m.createIndexer()) {
            assertThat(m.cols()).isEqualTo(416);
            assertThat(m.rows()).isEqualTo(416);
            assertThat(at).containsExactly(new Mosaic.Placement(0, 0, 2.08, 100, 50),
                    new Mosaic.Placement(208, 0, 2.08, 50, 100), new Mosaic.Placement(0, 208, 1.0, 208, 208));
            assertThat(px.get(0, 0, 0)).isEqualTo(10);
            assertThat(px.get(103, 207, 0)).isEqualTo(10);   // the first crop spans 208 x 104
            assertThat(px.get(105, 100, 0)).isEqualTo(114);  // below it, grey
            assertThat(px.get(0, 208, 0)).isEqualTo(20);
            assertThat(px.get(0, 208 + 105, 0)).isEqualTo(114);
            assertThat(px.get(415, 207, 0)).isEqualTo(30);
            assertThat(px.get(415, 415, 0)).isEqualTo(114); // the fourth tile is empty
        }
        crops.forEach(Mat::close);
    }

    @Test
    void detectionsGoBackToTheCropWhoseTileHoldsTheirCentreInItsPixels() {
        List<Mosaic.Placement> at = List.of(new Mosaic.Placement(0, 0, 2.0, 100, 50),
                new Mosaic.Placement(208, 0, 1.0, 208, 208));
        List<List<Detection>> split = Mosaic.split(List.of(
                person(20, 10, 60, 90),      // crop 0, inside
                person(170, 20, 220, 60),    // centre 195: crop 0, its part beyond the crop clipped
                person(300, 100, 340, 200),  // crop 1
                person(20, 150, 40, 200),    // centre in crop 0's grey padding: nobody's
                person(100, 300, 140, 380)), // the empty third tile: nobody's
                at);
        assertThat(split).hasSize(2);
        assertThat(split.get(0)).extracting(Detection::box).satisfiesExactly(
                b -> same(b, new Box(10, 5, 30, 45)),
                b -> same(b, new Box(85, 10, 100, 30)));
        assertThat(split.get(1)).extracting(Detection::box).satisfiesExactly(
                b -> same(b, new Box(92, 100, 132, 200)));
    }

    private static void same(Box a, Box b) {
        Offset<Float> o = Offset.offset(1e-3f);
        assertThat(a.x1()).isCloseTo(b.x1(), o);
        assertThat(a.y1()).isCloseTo(b.y1(), o);
        assertThat(a.x2()).isCloseTo(b.x2(), o);
        assertThat(a.y2()).isCloseTo(b.y2(), o);
    }

    private static Detection person(float x1, float y1, float x2, float y2) {
        return new Detection(0, "person", "person", 0.9f, new Box(x1, y1, x2, y2));
    }

    private static Mat solid(int w, int h, int v) {
        try (Scalar s = new Scalar(v, v, v, 0)) {
            return new Mat(h, w, CV_8UC3, s);
        }
    }
}
