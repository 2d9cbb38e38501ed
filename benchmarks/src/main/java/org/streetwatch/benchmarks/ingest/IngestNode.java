package org.streetwatch.benchmarks.ingest;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.streetwatch.ingest.camera.Camera;
import org.streetwatch.ingest.camera.CameraFleet;
import org.streetwatch.ingest.camera.CameraSession;
import org.streetwatch.ingest.frame.Frame;
import org.streetwatch.ingest.frame.FrameQueue;
import org.streetwatch.ingest.frame.FrameSize;
import org.streetwatch.ingest.frame.Sample;
import org.streetwatch.ingest.metrics.IngestMetrics;

/**
 * The ingest half of a streetwatch node, alone in its JVM so its CPU and memory can be measured from outside: N live
 * cameras with 20 s rings and one analysed picture per GOP, frames drained (and freed) by a consumer standing in for
 * the detector. Commands on stdin: STAT (prints heap used after GC, frames, drops, cameras up) and QUIT.
 *
 * <p>Usage: IngestNode N rtsp://127.0.0.1:PORT/cam SAMPLE_INTERVAL_S
 */
public final class IngestNode {

    private IngestNode() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        String base = args[1];
        double interval = Double.parseDouble(args[2]);
        PrometheusRegistry registry = new PrometheusRegistry();
        IngestMetrics metrics = new IngestMetrics(registry);
        AtomicLong dropped = new AtomicLong();
        AtomicLong frames = new AtomicLong();
        FrameQueue queue = new FrameQueue(2, cam -> dropped.incrementAndGet());
        Thread consumer = new Thread(() -> {
            while (true) {
                try {
                    Sample s = queue.take(1, TimeUnit.SECONDS);
                    if (s instanceof Frame f) {
                        frames.incrementAndGet();
                        f.close();
                    }
                    if (s != null) {
                        queue.done(s.cameraId());
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "consumer");
        consumer.setDaemon(true);
        consumer.start();
        CameraFleet fleet = new CameraFleet(queue, metrics);
        List<Camera> cams = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cams.add(new Camera("c" + i, base + i, null, Camera.Mode.LIVE, Duration.ofMillis((long) (interval * 1000)),
                    Duration.ofSeconds(20), 8L << 20, Duration.ofSeconds(10), Duration.ofSeconds(1),
                    Duration.ofSeconds(10), new FrameSize(416, 416), 0));
        }
        fleet.apply(cams);
        System.out.println("STARTED " + n);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("QUIT")) {
                break;
            }
            if (line.equals("STAT")) {
                for (int i = 0; i < 3; i++) {
                    System.gc();
                    Thread.sleep(100);
                }
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                long up = fleet.sessions().stream().filter(CameraSession::up).count();
                long ring = fleet.sessions().stream().mapToLong(s -> s.clipRing().bytes()).sum();
                System.out.println("STAT " + heap + " " + frames.get() + " " + dropped.get() + " " + up + " " + ring);
            }
        }
        fleet.close();
        System.exit(0);
    }
}
