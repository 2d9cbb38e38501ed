package org.streetwatch.daemon.fleet;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.streetwatch.ingest.camera.CameraFleet;
import org.streetwatch.ingest.camera.CameraSession;
import org.streetwatch.ingest.metrics.IngestMetrics;

/**
 * This node's status as operators see it, read from the parts that keep it: its cameras, their health, the
 * analysis count (frames per second over the time since the last look) and the inference histogram's mean.
 */
public final class NodeProbe {

    private final String nodeId;
    private final String url;
    private final CameraFleet fleet;
    private final IngestMetrics ingest;
    private final LongSupplier framesAnalysed;
    private final BooleanSupplier exporter;
    private final PrometheusRegistry registry;
    private long lastFrames;
    private long lastNanos = System.nanoTime();

    public NodeProbe(String nodeId, String url, CameraFleet fleet, IngestMetrics ingest, LongSupplier framesAnalysed,
                     BooleanSupplier exporter, PrometheusRegistry registry) {
        this.nodeId = nodeId;
        this.url = url;
        this.fleet = fleet;
        this.ingest = ingest;
        this.framesAnalysed = framesAnalysed;
        this.exporter = exporter;
        this.registry = registry;
    }

    public synchronized FleetRows.Node now() {
        List<String> cameras = new ArrayList<>();
        List<String> down = new ArrayList<>();
        long dropped = 0;
        for (CameraSession s : fleet.sessions()) {
            String id = s.camera().id();
            cameras.add(id);
            IngestMetrics.Health h = ingest.health(id);
            dropped += h.dropped();
            if (!h.up()) {
                down.add(id);
            }
        }
        long frames = framesAnalysed.getAsLong();
        long nanos = System.nanoTime();
        double fps = (frames - lastFrames) / Math.max(1e-3, (nanos - lastNanos) / 1e9);
        lastFrames = frames;
        lastNanos = nanos;
        return new FleetRows.Node(nodeId, url, cameras, down, fps, dropped, inferenceMs(), exporter.getAsBoolean(),
                System.currentTimeMillis());
    }

    /** Mean inference time since start, in milliseconds (0 before the first). */
    private double inferenceMs() {
        double sum = 0;
        long count = 0;
        for (var m : registry.scrape(name -> name.equals("streetwatch_inference_seconds"))) {
            if (m instanceof HistogramSnapshot h) {
                for (var d : h.getDataPoints()) {
                    sum += d.getSum();
                    count += d.getCount();
                }
            }
        }
        return count == 0 ? 0 : 1000 * sum / count;
    }
}
