package org.streetwatch.benchmarks.detector;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.streetwatch.detector.inference.Detector;
import org.streetwatch.detector.model.ModelCatalog;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.ingest.decode.FileFrames;
import org.streetwatch.ingest.testing.SharedData;

/** Inputs shared by the detector benchmarks: real frames of vtest and the shared models. */
final class Fixtures {

    private Fixtures() {
    }

    /** {@code n} frames of vtest (768x576), one per second of footage, decoded at the camera's resolution. */
    static List<Mat> frames(int n) throws Exception {
        List<Mat> out = new ArrayList<>();
        Path video = SharedData.video("vtest_h264.mp4");
        try (FileFrames file = FileFrames.open(video)) {
            file.forEach((i, dec) -> {
                if (i % 10 == 0) {
                    out.add(dec.toBgr(file.info().width(), file.info().height()));
                }
                return out.size() < n;
            });
        }
        return out;
    }

    static ModelCatalog catalog() {
        return new ModelCatalog(List.of(SharedData.models()));
    }

    static Detector detector(String model, Detector.Options opts) throws Exception {
        ModelCatalog c = catalog();
        ModelDescriptor d = c.descriptor(model);
        return Detector.open(d, c.weights(d), opts);
    }
}
