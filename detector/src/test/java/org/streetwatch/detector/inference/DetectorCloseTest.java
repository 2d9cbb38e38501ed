package org.streetwatch.detector.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.streetwatch.detector.model.ModelCatalog;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.ingest.testing.SharedData;

/**
 * Closing a detector while workers infer: their runs end before the tensors and sessions are freed (freed under a run,
 * ONNX Runtime crashes the JVM, and this test's fork with it), and later calls fail cleanly instead of waiting.
 */
class DetectorCloseTest {

    @Test
    void closeWaitsForRunsInProgressAndLaterCallsFail() throws Exception {
        ModelCatalog catalog = new ModelCatalog(List.of(SharedData.models()));
        ModelDescriptor d = catalog.descriptor("yolox_nano");
        ExecutorService workers = Executors.newFixedThreadPool(3);
        try (Mat picture = imread(SharedData.require("data/images/person.jpg").toString())) {
            Detector det = Detector.open(d, catalog.weights(d),
                    new Detector.Options(1, 1, 2, 2, 1, 0, false, 0).withPacking(1).withFit(false));
            AtomicLong done = new AtomicLong();
            List<Future<Exception>> loops = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                boolean crop = w == 2; // one through the packer's thread
                loops.add(workers.submit(() -> {
                    try {
                        while (true) {
                            if (crop) {
                                det.detectCrop(picture, picture.cols() * 2, picture.rows() * 2);
                            } else {
                                det.detect(picture);
                            }
                            done.incrementAndGet();
                        }
                    } catch (InferenceException e) {
                        return e;
                    }
                }));
            }
            while (done.get() < 6) {
                Thread.sleep(5);
            }
            det.close();
            for (Future<Exception> l : loops) {
                assertThat(l.get()).hasMessageContaining("closed");
            }
            assertThatThrownBy(() -> det.detect(picture)).isInstanceOf(InferenceException.class)
                    .hasMessageContaining("closed");
        } finally {
            workers.shutdownNow();
        }
    }
}
