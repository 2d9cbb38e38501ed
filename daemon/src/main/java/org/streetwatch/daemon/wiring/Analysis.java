package org.streetwatch.daemon.wiring;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.function.Consumer;
import org.streetwatch.detector.DetectorConfig;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.detector.analysis.AnalysisStage;
import org.streetwatch.detector.analysis.DetectorMetrics;
import org.streetwatch.detector.analysis.Scene;
import org.streetwatch.detector.inference.Tiling;
import org.streetwatch.detector.live.LatestPictures;
import org.streetwatch.detector.live.RecentTracks;
import org.streetwatch.detector.rule.Rules;
import org.streetwatch.evidence.cases.RecheckRecorder;
import org.streetwatch.review.api.ReviewConfig;

/**
 * Analysis of the cameras' pictures, started on {@code detector.workers} threads: each camera's scene, violations to
 * the case recorder through the provenance stamp, the wall's latest pictures and the zone editor's recent tracks
 * watched, handled cases re-checked. The stage is handed to the daemon to close.
 *
 * @param tiling whether tiles need the full picture (else pictures are decoded at the network's input size)
 */
record Analysis(AnalysisStage stage, ProvenanceSink provenance, LatestPictures pictures, RecentTracks recentTracks,
                Tiling tiling) {

    /** The preview's tracks per camera at most, whatever its sampling rate (five minutes at one frame a second). */
    static final int PREVIEW_MAX_SAMPLES = 300;

    /**
     * @param scenes    each camera's scene, filled here and replaced by the daemon on reload
     * @param streamEnd called on an analysis thread when a camera's stream has ended and its last frame is analysed
     */
    static Analysis start(StreetwatchConfig config, Inference inference, Ingest ingest, Recording recording,
                          CaseStorage storage, Map<String, Scene> scenes, String configSha256,
                          CommandCentreLoop loop, Consumer<String> streamEnd, PrometheusRegistry registry,
                          Consumer<AutoCloseable> closeables) throws StartupException {
        DetectorConfig.Params det = config.detector();
        for (StreetwatchConfig.CameraConfig c : config.cameras()) {
            scenes.put(c.id(), config.scene(c));
        }
        Tiling tiling = det.tiles();
        ProvenanceSink provenance = new ProvenanceSink(recording.recorder(), inference.descriptor(), scenes::get,
                configSha256);
        AnalysisStage analysis = new AnalysisStage(ingest.frames(), inference.detector(), tiling, det.zoneCrop(),
                scenes::get, Rules.ALL, inference.ruleEnv(), provenance, ingest.metrics(),
                new DetectorMetrics(registry), streamEnd::accept);
        ReviewConfig.Params review = config.review();
        LatestPictures pictures = new LatestPictures(review.wallPicture().toNanos());
        RecentTracks recentTracks = new RecentTracks(review.previewUs(), PREVIEW_MAX_SAMPLES);
        analysis.watch(pictures);
        analysis.watch(recentTracks);
        loop.rechecks(new RecheckRecorder(storage.folder(), storage.signer(), storage.reviews()), provenance, analysis);
        analysis.start(det.workers());
        closeables.accept(analysis);
        return new Analysis(analysis, provenance, pictures, recentTracks, tiling);
    }
}
