package org.streetwatch.daemon.wiring;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.Consumer;
import org.streetwatch.ingest.camera.CameraFleet;
import org.streetwatch.ingest.camera.IngestConfig;
import org.streetwatch.ingest.frame.FrameQueue;
import org.streetwatch.ingest.metrics.IngestMetrics;

/**
 * The cameras' side: the fleet of camera sessions (none running until the daemon applies its cameras) and the
 * queue of pictures they hand to analysis, bounded per camera (a live camera's oldest picture dropped beyond it).
 * The queue is handed to the daemon to close; the fleet is closed by the daemon, before analysis.
 */
record Ingest(IngestMetrics metrics, FrameQueue frames, CameraFleet cameras) {

    static Ingest start(IngestConfig.Params ingest, PrometheusRegistry registry, Consumer<AutoCloseable> closeables) {
        IngestMetrics metrics = new IngestMetrics(registry);
        FrameQueue frames = new FrameQueue(ingest.queuePerCamera(), metrics::dropped);
        closeables.accept(frames::close);
        return new Ingest(metrics, frames, new CameraFleet(frames, metrics));
    }
}
