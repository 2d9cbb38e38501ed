package org.streetwatch.detector.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.streetwatch.detector.inference.Detector;
import org.streetwatch.detector.inference.Tiling;
import org.streetwatch.detector.model.ModelCatalog;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.detector.track.Tracker;
import org.streetwatch.ingest.testing.SharedData;

/**
 * YOLOX-Nano at score 0.3 on every frame against the MOT15 ground truth reproduces the reference decoder's precision
 * and recall within 0.01 (../shared/models/PROVENANCE.md): proof that preprocessing and decoding are right.
 */
class ReferenceAccuracyTest {

    @ParameterizedTest
    @CsvSource({
        "vtest.avi, PETS09-S2L1, 795, 0.784, 0.911",
        "tud_stadtmitte.mp4, TUD-Stadtmitte, 179, 0.942, 0.836",
    })
    void matchesTheReferenceDecoder(String video, String seq, int frames, double precision, double recall)
            throws Exception {
        ModelCatalog catalog = new ModelCatalog(List.of(SharedData.models()));
        ModelDescriptor d = catalog.descriptor("yolox_nano");
        GroundTruth gt = GroundTruth.read(SharedData.require("data/annotations/mot15/" + seq + "/gt/gt.txt"));
        Evaluation.Result r;
        try (Detector det = Detector.open(d, catalog.weights(d), Detector.Options.defaults().withLowScore(0.1))) {
            r = Evaluation.run(det, Tiling.NONE, SharedData.video(video), gt, "person", 1,
                    Tracker.Params.of(Tracker.CONFIG.defaults()), null);
        }
        assertThat(r.frames()).isEqualTo(frames);
        assertThat(r.detection().precision()).isCloseTo(precision, Offset.offset(0.01));
        assertThat(r.detection().recall()).isCloseTo(recall, Offset.offset(0.01));
        assertThat(r.tracking().mota()).isBetween(0.0, 1.0);
        assertThat(r.tracking().idf1()).isBetween(0.0, 1.0);
    }
}
