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
        List<Long> shape = new ArrayList<>(d.input().shape());
        shape.set(0, -1L);
        ModelDescriptor.Input in = new ModelDescriptor.Input(d.input().name(), shape, d.input().layout(),
                d.input().color(), d.input().scale(), d.input().mean(), d.input().std(), d.input().resize(),
                d.input().align(), d.input().fill());
        ModelDescriptor dd = new ModelDescriptor(d.name(), d.file(), d.sha256(), d.source(), d.license(), in,
                d.output(), d.classes(), d.kinds(), d.scoreThreshold(), d.classThresholds(), d.nmsIou(),
                d.classAgnosticNms());
        List<Mat> images = new ArrayList<>();
        for (String f : List.of("dog.jpg", "person.jpg", "horses.jpg", "dog.jpg")) {
            images.add(imread(SharedData.require("data/images/" + f).toString()));
        }
        List<List<Detection>> single = new ArrayList<>();
        try (Detector one = Detector.open(d, catalog.weights(d), Detector.Options.defaults())) {
            for (Mat m : images) {
                single.add(one.detect(m));
            }
        }
        try (Detector batched = Detector.open(dd, dynamic, Detector.Options.defaults().withBatch(4, 50))) {
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
