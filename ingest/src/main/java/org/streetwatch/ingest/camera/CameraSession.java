package org.streetwatch.ingest.camera;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.streetwatch.ingest.decode.DecoderPool;
import org.streetwatch.ingest.frame.FrameQueue;
import org.streetwatch.ingest.metrics.IngestMetrics;
import org.streetwatch.ingest.packet.PacketRing;

/**
 * A running camera: one platform thread reading the analysed stream, and a second one for the recorded stream when the
 * camera offers a separate main stream for evidence.
 *
 * <p>Platform threads, not virtual ones: FFmpeg's blocking reads sit inside native code and would pin a virtual
 * thread's carrier, so a few stalled cameras would stall all the others.
 */
public final class CameraSession {

    private final Camera camera;
    private final PacketRing detectRing;
    private final PacketRing recordRing;
    private final StreamReader detect;
    private final StreamReader record;
    private final Thread detectThread;
    private final Thread recordThread;

    public CameraSession(Camera camera, FrameQueue frames, IngestMetrics metrics, DecoderPool decoders) {
        this.camera = camera;
        long windowUs = camera.ringWindow().toNanos() / 1000;
        IngestMetrics.Meter meter = metrics.meter(camera.id());
        detectRing = new PacketRing(windowUs, camera.ringMaxBytes());
        if (camera.recordUrl() != null) {
            recordRing = new PacketRing(windowUs, camera.ringMaxBytes());
            record = new StreamReader(camera, camera.recordUrl(), recordRing, null, detectRing, null, meter, decoders);
            recordThread = new Thread(record, "camera-" + camera.id() + "-record");
        } else {
            recordRing = detectRing;
            record = null;
            recordThread = null;
        }
        detect = new StreamReader(camera, camera.url(), detectRing, record == null ? null : recordRing, null, frames,
                meter, decoders);
        detectThread = new Thread(detect, "camera-" + camera.id());
        metrics.track(camera.id(), new IngestMetrics.CameraStatus() {
            @Override
            public boolean up() {
                return detect.up();
            }

            @Override
            public double lastPacketAgeSeconds() {
                long last = detect.lastPacketNanos();
                return last == 0 ? Double.NaN : (System.nanoTime() - last) / 1e9;
            }

            @Override
            public long ringBytes() {
                return detectRing.bytes() + (recordRing == detectRing ? 0 : recordRing.bytes());
            }
        });
    }

    public Camera camera() {
        return camera;
    }

    public void start() {
        detectThread.setDaemon(true);
        detectThread.start();
        if (recordThread != null) {
            recordThread.setDaemon(true);
            recordThread.start();
        }
    }

    /** The ring clips are cut from: the recorded stream's if the camera has one. */
    public PacketRing clipRing() {
        return recordRing;
    }

    /** The ring of the analysed stream (what frames were decoded from). */
    public PacketRing detectRing() {
        return detectRing;
    }

    /**
     * Completes when the analysed stream ends for good: at the end of a file read once, or after {@link #stop()}.
     * Completes exceptionally if a file read once could not be read.
     */
    public CompletableFuture<Void> finished() {
        return detect.finished();
    }

    public boolean up() {
        return detect.up();
    }

    /** Asks the threads to stop; {@link #await(Duration)} waits for them. */
    public void signalStop() {
        detect.stop();
        detectThread.interrupt();
        if (record != null) {
            record.stop();
            recordThread.interrupt();
        }
    }

    /**
     * Waits up to {@code timeout} for the threads to leave after {@link #signalStop()}: a thread blocked in a native
     * read leaves at its next packet or at the read timeout.
     */
    public void await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        detectThread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        if (recordThread != null) {
            recordThread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
    }
}
