package org.streetwatch.ingest.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-camera ingest metrics, labelled {@code camera} (the camera id, never its URL).
 *
 * <p>Counters are bumped by the camera threads; gauges are read at scrape time from each camera's live
 * {@link CameraStatus}, so a scrape costs nothing to the camera threads. No exemplars: there is no trace to point
 * to, and the exemplar sampler schedules a timer task per data point every ~90 ms, which at per-packet counting of
 * 50 cameras cost 15 % of the ingest CPU.
 */
public final class IngestMetrics {

    /** What a gauge reads from a running camera at scrape time. */
    public interface CameraStatus {
        boolean up();

        /** Seconds since the last video packet, or NaN before the first. */
        double lastPacketAgeSeconds();

        long ringBytes();
    }

    private final Map<String, CameraStatus> cameras = new ConcurrentHashMap<>();
    private final Counter reconnects;
    private final Counter packets;
    private final Counter bytes;
    private final Counter corrupt;
    private final Counter keyframesDecoded;
    private final Counter framesSampled;
    private final Counter framesAnalyzed;
    private final Counter framesDropped;
    private final Counter decodeErrors;
    private final Histogram decodeSeconds;

    public IngestMetrics(PrometheusRegistry registry) {
        GaugeWithCallback.builder().name("streetwatch_camera_up")
                .help("1 while the camera is connected and sending video, else 0").labelNames("camera")
                .callback(cb -> cameras.forEach((id, s) -> cb.call(s.up() ? 1 : 0, id))).register(registry);
        GaugeWithCallback.builder().name("streetwatch_last_packet_age_seconds")
                .help("Seconds since the camera's last video packet").labelNames("camera")
                .callback(cb -> cameras.forEach((id, s) -> cb.call(s.lastPacketAgeSeconds(), id))).register(registry);
        GaugeWithCallback.builder().name("streetwatch_ring_bytes")
                .help("Compressed video held in the camera's packet ring").labelNames("camera")
                .callback(cb -> cameras.forEach((id, s) -> cb.call(s.ringBytes(), id))).register(registry);
        reconnects = counter(registry, "streetwatch_camera_reconnects_total", "Connections lost or refused, then retried");
        packets = counter(registry, "streetwatch_packets_total", "Compressed video packets read");
        bytes = counter(registry, "streetwatch_bytes_total", "Compressed video bytes read");
        corrupt = counter(registry, "streetwatch_packets_corrupt_total", "Corrupt or empty packets skipped");
        keyframesDecoded = counter(registry, "streetwatch_keyframes_decoded_total", "Keyframes decoded for analysis");
        framesSampled = counter(registry, "streetwatch_frames_sampled_total", "Pictures decoded and queued for analysis");
        framesAnalyzed = counter(registry, "streetwatch_frames_analyzed_total", "Pictures that went through the detector");
        framesDropped = counter(registry, "streetwatch_frames_dropped_total",
                "Pictures dropped because analysis fell behind (oldest first)");
        decodeErrors = counter(registry, "streetwatch_decode_errors_total",
                "Packets the decoder rejected (corrupt data; the next keyframe recovers)");
        decodeSeconds = Histogram.builder().name("streetwatch_decode_seconds")
                .help("Time to decode and scale one analysed picture").labelNames("camera").classicOnly()
                .withoutExemplars()
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5)
                .register(registry);
    }

    private static Counter counter(PrometheusRegistry registry, String name, String help) {
        return Counter.builder().name(name).help(help).labelNames("camera").withoutExemplars().register(registry);
    }

    public void track(String camera, CameraStatus status) {
        cameras.put(camera, status);
    }

    /** Forgets a removed camera, so its series disappear instead of freezing. */
    public void forget(String camera) {
        cameras.remove(camera);
        for (Counter c : new Counter[] {reconnects, packets, bytes, corrupt, keyframesDecoded, framesSampled,
                framesAnalyzed, framesDropped, decodeErrors}) {
            c.remove(camera);
        }
        decodeSeconds.remove(camera);
    }

    /**
     * What people see of a camera's health on the camera wall.
     *
     * @param lastPacketAgeSeconds NaN before the first packet
     */
    public record Health(boolean up, double lastPacketAgeSeconds, long reconnects, long analyzed, long dropped) {
    }

    /** A camera's health now; a camera not running (removed, or not started yet) is down with no packets. */
    public Health health(String camera) {
        CameraStatus s = cameras.get(camera);
        return new Health(s != null && s.up(), s == null ? Double.NaN : s.lastPacketAgeSeconds(),
                (long) reconnects.labelValues(camera).get(), (long) framesAnalyzed.labelValues(camera).get(),
                (long) framesDropped.labelValues(camera).get());
    }

    /** One more picture of the camera went through the detector (counted by analysis, not by the camera thread). */
    public void analyzed(String camera) {
        framesAnalyzed.labelValues(camera).inc();
    }

    /** A picture of the camera was dropped because analysis fell behind. */
    public void dropped(String camera) {
        framesDropped.labelValues(camera).inc();
    }

    /** The data points of one camera, looked up once: camera threads bump them per packet. */
    public Meter meter(String camera) {
        return new Meter(camera);
    }

    /** One camera's counters. Thread-safe (Prometheus data points are). */
    public final class Meter {
        private final CounterDataPoint reconnects;
        private final CounterDataPoint packets;
        private final CounterDataPoint bytes;
        private final CounterDataPoint corrupt;
        private final CounterDataPoint keyframesDecoded;
        private final CounterDataPoint framesSampled;
        private final CounterDataPoint decodeErrors;
        private final DistributionDataPoint decodeSeconds;

        private Meter(String camera) {
            reconnects = IngestMetrics.this.reconnects.labelValues(camera);
            packets = IngestMetrics.this.packets.labelValues(camera);
            bytes = IngestMetrics.this.bytes.labelValues(camera);
            corrupt = IngestMetrics.this.corrupt.labelValues(camera);
            keyframesDecoded = IngestMetrics.this.keyframesDecoded.labelValues(camera);
            framesSampled = IngestMetrics.this.framesSampled.labelValues(camera);
            decodeErrors = IngestMetrics.this.decodeErrors.labelValues(camera);
            decodeSeconds = IngestMetrics.this.decodeSeconds.labelValues(camera);
        }

        public void reconnect() {
            reconnects.inc();
        }

        public void packet(int size) {
            packets.inc();
            bytes.inc(size);
        }

        public void corrupt() {
            corrupt.inc();
        }

        public void decodeErrors(long n) {
            decodeErrors.inc(n);
        }

        public void sampled(boolean keyframe, double seconds) {
            if (keyframe) {
                keyframesDecoded.inc();
            }
            framesSampled.inc();
            decodeSeconds.observe(seconds);
        }
    }
}
