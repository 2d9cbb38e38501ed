package org.streetwatch.detector.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.streetwatch.detector.Detection;
import org.streetwatch.detector.model.ModelCatalog;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.ingest.testing.SharedData;

/** Four cameras' crops in one inference find what each finds alone at the same scale, in its own pixels. */
class PackingTest {

    /** The three shared pictures and one of them again, each shrunk to fit a 208 x 208 tile. */
    private static final List<Mat> CROPS = new ArrayList<>();

    @BeforeAll
    static void crops() {
        for (String f : List.of("dog.jpg", "person.jpg", "horses.jpg", "person.jpg")) {
            try (Mat full = imread(SharedData.require("data/images/" + f).toString())) {
                double s = Math.min(208.0 / full.cols(), 208.0 / full.rows());
                Mat small = new Mat();
                try (Size size = new Size((int) (full.cols() * s), (int) (full.rows() * s))) {
                    opencv_imgproc.resize(full, small, size, 0, 0, opencv_imgproc.INTER_AREA);
                }
                CROPS.add(small);
            }
        }
    }

    @AfterAll
    static void close() {
        CROPS.forEach(Mat::close);
    }

    @Test
    void aMosaicFindsWhatEachCropFindsAloneAtTheSameScale() throws Exception {
        ModelCatalog catalog = new ModelCatalog(List.of(SharedData.models()));
        ModelDescriptor d = catalog.descriptor("yolox_nano");
        try (Detector det = Detector.open(d, catalog.weights(d), Detector.Options.defaults())) {
            long before = det.runs();
            List<List<Detection>> packed = det.detectPacked(CROPS, 416, 312);
            assertThat(det.runs() - before).as("one inference for four crops").isEqualTo(1);
            assertThat(packed).hasSize(4);
            for (int i = 0; i < CROPS.size(); i++) {
                List<Detection> alone = aloneAtScaleOne(det, CROPS.get(i));
                // the neighbours are in the network's view too: weak detections and boxes move a little, clear
                // objects stay found, each in its own crop
                sameClearObjects(packed.get(i), alone, "crop " + i);
                sameClearObjects(alone, packed.get(i), "crop " + i);
                for (Detection p : packed.get(i)) {
                    assertThat(p.box().x2()).isLessThanOrEqualTo(CROPS.get(i).cols());
                    assertThat(p.box().y2()).isLessThanOrEqualTo(CROPS.get(i).rows());
                }
            }
            assertThat(labels(det, packed.get(1))).contains("person");
        }
    }

    @Test
    void aCropLeftWithoutPartnersIsDetectedAsItWouldBeUnpacked() throws Exception {
        ModelCatalog catalog = new ModelCatalog(List.of(SharedData.models()));
        ModelDescriptor d = catalog.descriptor("yolox_nano");
        try (Detector det = Detector.open(d, catalog.weights(d), Detector.Options.defaults())) {
            // a crop of a 416 x 312 picture, alone in its mosaic: detected as detectCrop detects it
            List<Detection> alone = det.detectCrop(CROPS.get(1), 416, 312);
            assertThat(det.detectPacked(List.of(CROPS.get(1)), 416, 312)).containsExactly(alone);
        }
    }

    @Test
    void concurrentCallersCropsThatFitShareOneInference() throws Exception {
        // a fixed-size input (a fitted one does not pack: see below)
        Concurrent c = detectConcurrently(false);
        // which tile a crop gets depends on the order they arrive in (a small horse may then be a cow): each gets
        // its own picture's objects, the people of person.jpg in both of its copies
        for (int i = 0; i < c.labels().size(); i++) {
            List<String> found = c.labels().get(i);
            assertThat(found).isNotEmpty();
            if (i % 2 == 1) {
                assertThat(found).contains("person");
            } else {
                assertThat(found).doesNotContain("person");
            }
        }
        assertThat(c.runs()).isEqualTo(1);
    }

    @Test
    void aFittedInputDetectsEachCropAloneForItsShareOfThePixels() throws Exception {
        Concurrent c = detectConcurrently(true);
        assertThat(c.fitted()).isTrue();
        assertThat(c.runs()).as("one inference each, not one mosaic").isEqualTo(CROPS.size());
    }

    /** What four callers at once found in the crops (confident labels, per crop), and the inferences they took. */
    private record Concurrent(List<List<String>> labels, long runs, boolean fitted) {
    }

    private static Concurrent detectConcurrently(boolean fit) throws Exception {
        ModelCatalog catalog = new ModelCatalog(List.of(SharedData.models()));
        ModelDescriptor d = catalog.descriptor("yolox_nano");
        // four lanes: callers that went alone would not wait for each other; a long wait: they always meet
        Detector.Options opts = new Detector.Options(1, 1, 1, 4, 1, 0, false, 0).withPacking(60_000).withFit(fit);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (Detector det = Detector.open(d, catalog.weights(d), opts)) {
            long before = det.runs();
            List<Future<List<Detection>>> calls = new ArrayList<>();
            for (Mat crop : CROPS) {
                // crops of 416 x 312 pictures (what ingest hands over), at most half of them either way
                calls.add(pool.submit(() -> det.detectCrop(crop, 416, 312)));
            }
            List<List<String>> labels = new ArrayList<>();
            for (Future<List<Detection>> call : calls) {
                labels.add(labels(det, call.get()));
            }
            return new Concurrent(labels, det.runs() - before, det.fitted());
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Every clear detection (score 0.5 or more) of {@code a} has one on the same object in {@code b}, of the same class
     * where the rules know the class (a small animal may be a horse in one and a cow in the other).
     */
    private static void sameClearObjects(List<Detection> a, List<Detection> b, String what) {
        for (Detection x : a) {
            if (x.score() >= 0.5f) {
                assertThat(b).as("%s: %s", what, x).anySatisfy(y -> {
                    if (x.kind() != null) {
                        assertThat(y.label()).isEqualTo(x.label());
                    }
                    assertThat(y.box().iou(x.box())).isGreaterThan(0.5f);
                });
            }
        }
    }

    /** The crop alone in a grey input-sized canvas, top left: what a tile shows, without neighbours. */
    private static List<Detection> aloneAtScaleOne(Detector det, Mat crop) throws InferenceException {
        ModelDescriptor.Input in = det.descriptor().input();
        try (Scalar grey = new Scalar(in.fill(), in.fill(), in.fill(), 0);
             Mat canvas = new Mat(in.height(), in.width(), CV_8UC3, grey);
             Rect r = new Rect(0, 0, crop.cols(), crop.rows()); Mat at = canvas.apply(r)) {
            crop.copyTo(at);
            return det.detect(canvas);
        }
    }

    private static List<String> labels(Detector det, List<Detection> all) {
        return all.stream().filter(det::confident).map(Detection::label).sorted().toList();
    }
}
