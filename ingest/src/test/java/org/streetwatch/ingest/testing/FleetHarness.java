package org.streetwatch.ingest.testing;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.streetwatch.ingest.camera.Camera;
import org.streetwatch.ingest.camera.CameraFleet;
import org.streetwatch.ingest.frame.Frame;
import org.streetwatch.ingest.frame.FrameQueue;
import org.streetwatch.ingest.frame.FrameSize;
import org.streetwatch.ingest.frame.Sample;
import org.streetwatch.ingest.metrics.IngestMetrics;

/** A camera fleet with a consumer that counts and closes every frame: ingest without the detector. */
public final class FleetHarness implements AutoCloseable {

    public final PrometheusRegistry registry = new PrometheusRegistry();
    public final IngestMetrics metrics = new IngestMetrics(registry);
    public final FrameQueue frames;
    public final CameraFleet fleet;
    private final Map<String, AtomicLong> received = new ConcurrentHashMap<>();
    private final Thread consumer;
    private volatile boolean running = true;

    public FleetHarness() {
        frames = new FrameQueue(2, metrics::dropped);
        fleet = new CameraFleet(frames, metrics);
        consumer = new Thread(() -> {
            while (running) {
                try {
                    Sample s = frames.take(100, TimeUnit.MILLISECONDS);
                    if (s == null) {
                        continue;
                    }
                    if (s instanceof Frame f) {
                        received.computeIfAbsent(f.cameraId(), k -> new AtomicLong()).incrementAndGet();
                        f.close();
                    }
                    frames.done(s.cameraId());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "test-consumer");
        consumer.setDaemon(true);
        consumer.start();
    }

    /** A live camera: 1 s sampling, 20 s ring, 3 s stall timeout, reconnect 0.2 .. 2 s. */
    public static Camera live(String id, String url) {
        return camera(id, url, null, Camera.Mode.LIVE, 1.0);
    }

    public static Camera camera(String id, String url, String recordUrl, Camera.Mode mode, double intervalS) {
        return new Camera(id, url, recordUrl, mode, Duration.ofMillis((long) (intervalS * 1000)), Duration.ofSeconds(20),
                8L << 20, Duration.ofSeconds(3), Duration.ofMillis(200), Duration.ofSeconds(2), new FrameSize(416, 416), 0);
    }

    public long frames(String camera) {
        AtomicLong n = received.get(camera);
        return n == null ? 0 : n.get();
    }

    public double metric(String name, String camera) {
        return Metrics.value(registry, name, camera);
    }

    /** Polls until the condition holds; fails the test after {@code timeout}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what + RtspServer.logTail());
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws InterruptedException {
        fleet.close();
        running = false;
        consumer.join(2000);
        frames.close();
    }
}
