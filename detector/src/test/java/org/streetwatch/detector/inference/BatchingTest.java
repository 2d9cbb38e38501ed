package org.streetwatch.detector.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.streetwatch.detector.Detection;
import org.streetwatch.detector.model.ModelCatalog;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.detector.testing.DynamicBatchModel;
import org.streetwatch.ingest.testing.Footage;
import org.streetwatch.ingest.testing.SharedData;

/** Batches across cameras give the same detections as one picture at a time. */
class BatchingTest {

    @Test
    void batchedRunsAndTheBatcherMatchSingleRuns() throws Exception {
        ModelCatalog catalog = new ModelCatalog(List.of(SharedData.models()));
        ModelDescriptor d = catalog.descriptor("yolox_nano");
        Path dynamic = DynamicBatchModel.of(catalog.weights(d), Footage.cache().resolve("yolox_nano_dynamic.onnx"));
        ModelDescriptor dd = DynamicBatchModel.descriptor(d);
        // unfitted, like for like: a fitted batch shares one input, fitted to its largest picture
        List<Mat> images = new ArrayList<>();
        for (String f : List.of("dog.jpg", "person.jpg", "horses.jpg", "dog.jpg")) {
            images.add(imread(SharedData.require("data/images/" + f).toString()));
        }
        List<List<Detection>> single = new ArrayList<>();
        try (Detector one = Detector.open(d, catalog.weights(d), Detector.Options.defaults().withFit(false))) {
            for (Mat m : images) {
                single.add(one.detect(m));
            }
        }
        try (Detector batched = Detector.open(dd, dynamic,
                Detector.Options.defaults().withFit(false).withBatch(4, 50))) {
            assertThat(batched.batch()).isEqualTo(4);
            List<List<Detection>> together = batched.detect(images);
            same(together, single);
            // four cameras' workers calling at once: the batcher runs them together
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<List<Detection>>> futures = new ArrayList<>();
            for (Mat m : images) {
                futures.add(pool.submit(() -> batched.detect(m)));
            }
            List<List<Detection>> concurrent = new ArrayList<>();
            for (Future<List<Detection>> f : futures) {
                concurrent.add(f.get());
            }
            pool.shutdown();
            same(concurrent, single);
        }
        for (Mat m : images) {
            m.close();
        }
    }

    /**
     * Fitted, a batch's pictures share the input of its largest (dog.jpg's 4:3: 416x352; person.jpg alone would get
     * 416x320): each picture's slot lies at its own offset in the smaller tensor, and finds what it finds alone.
     */
    @Test
    void aFittedBatchOfPicturesOfDifferentSizesFindsWhatEachFindsAlone() throws Exception {
        ModelCatalog catalog = new ModelCatalog(List.of(SharedData.models()));
        ModelDescriptor d = catalog.descriptor("yolox_nano");
        Path dynamic = DynamicBatchModel.of(catalog.weights(d), Footage.cache().resolve("yolox_nano_dynamic.onnx"));
        List<Mat> images = new ArrayList<>();
        for (String f : List.of("person.jpg", "dog.jpg", "horses.jpg")) {
            images.add(imread(SharedData.require("data/images/" + f).toString()));
        }
        try (Detector one = Detector.open(d, catalog.weights(d), Detector.Options.defaults().withFit(true));
             Detector batched = Detector.open(DynamicBatchModel.descriptor(d), dynamic, Detector.Options.defaults()
                     .withFit(true).withBatch(3, 50))) {
            assertThat(one.fitted()).isTrue();
            assertThat(batched.fitted()).isTrue();
            List<List<Detection>> together = batched.detect(images);
            for (int i = 0; i < images.size(); i++) {
                List<Detection> alone = one.detect(images.get(i));
                for (Detection x : alone) {
                    if (x.score() >= 0.5f) {
                        assertThat(together.get(i)).as("picture %d: %s", i, x).anySatisfy(y -> {
                            assertThat(y.label()).isEqualTo(x.label());
                            assertThat(y.box().iou(x.box())).isGreaterThan(0.8f);
                        });
                    }
                }
            }
        }
        images.forEach(Mat::close);
    }

    private static void same(List<List<Detection>> a, List<List<Detection>> b) {
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i)).hasSameSizeAs(b.get(i));
            for (int j = 0; j < a.get(i).size(); j++) {
                assertThat(a.get(i).get(j).label()).isEqualTo(b.get(i).get(j).label());
                assertThat(a.get(i).get(j).score()).isCloseTo(b.get(i).get(j).score(),
                        org.assertj.core.data.Offset.offset(1e-3f));
            }
        }
    }
}
