package org.streetwatch.detector.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.streetwatch.detector.model.ModelCatalog;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.detector.model.ModelException;
import org.streetwatch.ingest.testing.SharedData;

/** {@code detector.cuda}: the GPU where the runtime has one, one clear line at start where it has not. */
class CudaProviderTest {

    private static final Detector.Options CUDA = new Detector.Options(1, 1, 1, 1, 8, 5, true, 0);

    @Test
    void cudaRunsOnTheGpuOrIsRefusedWithOneLine() throws Exception {
        ModelCatalog catalog = new ModelCatalog(List.of(SharedData.models()));
        ModelDescriptor d = catalog.descriptor("yolox_nano");
        if (OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            try (Detector det = Detector.open(d, catalog.weights(d), CUDA)) {
                assertThat(det.provider()).isEqualTo("CUDA");
            }
            return;
        }
        assertThatThrownBy(() -> Detector.open(d, catalog.weights(d), CUDA).close())
                .isInstanceOf(ModelException.class)
                .hasMessageStartingWith("model yolox_nano: detector.cuda is set but this ONNX Runtime has no CUDA")
                .hasMessageContaining("detector.cuda: false")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
