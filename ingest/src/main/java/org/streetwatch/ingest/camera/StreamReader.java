package org.streetwatch.ingest.camera;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.backoff.Backoff;
import org.streetwatch.ingest.decode.DecodeException;
import org.streetwatch.ingest.decode.DecoderPool;
import org.streetwatch.ingest.decode.Sampler;
import org.streetwatch.ingest.frame.Frame;
import org.streetwatch.ingest.frame.FrameQueue;
import org.streetwatch.ingest.metrics.IngestMetrics;
import org.streetwatch.ingest.packet.Packet;
import org.streetwatch.ingest.packet.PacketRing;
import org.streetwatch.ingest.packet.StreamInfo;
import org.streetwatch.ingest.source.CameraClock;
import org.streetwatch.ingest.source.PacketSource;
import org.streetwatch.ingest.source.SourceException;

/**
 * The loop of one camera thread over one stream: connect, read packets into the ring, decode what is due, hand frames
 * to analysis; on any failure close everything, wait out the backoff and connect again.
 *
 * <p>The thread owns every native object it uses (the connection, the decoder, frames until queued) and releases them
 * on every path out of the loop. It never waits on anything downstream except, for a file read once at full speed,
 * room in the frame queue.
 */
final class StreamReader implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamReader.class);

    private final Camera camera;
    private final String url;
    private final PacketRing ring;
    private final PacketRing recordRing;
    private final PacketRing leader;
    private final FrameQueue frames; // null for a record-only stream
    private final IngestMetrics.Meter meter;
    private final DecoderPool decoders;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final AtomicLong lastPacketNanos = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean up;
    private long seq;

    /**
     * @param recordRing the main stream's ring, handed to the analysed frames (null: none, or this reads it)
     * @param leader     for the main stream's reader: the analysed stream's ring, which a file read once at full
     *                   speed must not outrun by more than a quarter of the ring window (null: read freely)
     */
    StreamReader(Camera camera, String url, PacketRing ring, PacketRing recordRing, PacketRing leader,
                 FrameQueue frames, IngestMetrics.Meter meter, DecoderPool decoders) {
        this.camera = camera;
        this.url = url;
        this.ring = ring;
        this.recordRing = recordRing;
        this.leader = camera.mode() == Camera.Mode.ONCE ? leader : null;
        this.frames = frames;
        this.meter = meter;
        this.decoders = decoders;
    }

    CompletableFuture<Void> finished() {
        return finished;
    }

    boolean up() {
        return up;
    }

    long lastPacketNanos() {
        return lastPacketNanos.get();
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        Backoff backoff = new Backoff(camera.backoffMin(), camera.backoffMax());
        CameraClock clock = new CameraClock(camera.mode() == Camera.Mode.LIVE,
                camera.fileStartWallMs() > 0 ? camera.fileStartWallMs() : System.currentTimeMillis());
        Sampler sampler = frames == null ? null : new Sampler(camera.sampleInterval().toNanos() / 1000, decoders);
        Throwable failure = null;
        try {
            while (running) {
                boolean endOfFile = false;
                try (PacketSource source = PacketSource.open(url, camera.stallTimeout())) {
                    StreamInfo info = source.info();
                    logConnected(info, backoff.attempts());
                    backoff.reset();
                    ring.stream(info);
                    clock.discontinuity();
                    long frameUs = info.frameRate() > 0 ? (long) (1e6 / info.frameRate()) : 40_000;
                    clock.frameDurationUs(frameUs);
                    if (sampler != null) {
                        sampler.discontinuity(info);
                        sampler.frameDurationUs(frameUs);
                    }
                    endOfFile = pump(source, clock, sampler, info);
                } catch (SourceException | DecodeException e) {
                    if (camera.mode() == Camera.Mode.ONCE) {
                        failure = e; // a source read once either opens or is an error: retrying will not help
                        break;
                    }
                    logFailure(e.getMessage(), backoff.attempts());
                } finally {
                    up = false;
                    ring.interrupt();
                }
                if (!running || (endOfFile && camera.mode() == Camera.Mode.ONCE)) {
                    break;
                }
                if (endOfFile && camera.mode() == Camera.Mode.FILE_LOOP) {
                    continue; // play the file again, at once
                }
                meter.reconnect();
                long delay = backoff.nextMs();
                LOG.debug("camera {}: reconnecting in {} ms", camera.id(), delay);
                TimeUnit.MILLISECONDS.sleep(delay);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.error("camera {}: reader stopped by an unexpected error", camera.id(), e);
        } finally {
            if (sampler != null) {
                sampler.close();
            }
            ring.end();
            if (frames != null) {
                frames.end(camera.id());
            }
            if (failure != null) {
                finished.completeExceptionally(failure);
            } else {
                finished.complete(null);
            }
        }
    }

    /** Reads until the stream ends or fails. Returns true at the end of a file, false if a live stream was lost. */
    private boolean pump(PacketSource source, CameraClock clock, Sampler sampler, StreamInfo info)
            throws SourceException, DecodeException, InterruptedException {
        boolean paced = camera.mode() == Camera.Mode.FILE_LOOP;
        long paceStartNanos = 0;
        long paceStartUs = -1;
        while (running) {
            PacketSource.Read r = source.read(camera.stallTimeout());
            if (r == null) {
                if (camera.mode() == Camera.Mode.LIVE) {
                    LOG.warn("camera {}: stream lost", camera.id());
                }
                return camera.mode() != Camera.Mode.LIVE;
            }
            long now = System.currentTimeMillis();
            lastPacketNanos.set(System.nanoTime());
            up = true;
            if (r.corrupt()) {
                meter.corrupt();
                continue;
            }
            long[] t = clock.map(r.ptsUs(), r.dtsUs(), now);
            Packet p = new Packet(t[0], t[1], r.durationUs(), r.key(), r.data());
            if (paced) {
                if (paceStartUs < 0) {
                    paceStartUs = p.dtsUs();
                    paceStartNanos = System.nanoTime();
                }
                long aheadNanos = (p.dtsUs() - paceStartUs) * 1000 - (System.nanoTime() - paceStartNanos);
                if (aheadNanos > 0) {
                    TimeUnit.NANOSECONDS.sleep(aheadNanos);
                }
            }
            if (leader != null) {
                follow(p.dtsUs());
            }
            ring.append(p);
            meter.packet(p.size());
            if (sampler != null) {
                awaitRecorded(p.ptsUs());
                sample(p, clock, sampler, info);
            }
        }
        return false;
    }

    /**
     * Waits until the analysed stream has come within a quarter ring window of {@code dtsUs}: both files are read at
     * full speed, and a main stream that ran ahead would have dropped the keyframes analysis asks for.
     */
    private void follow(long dtsUs) throws InterruptedException {
        long leadUs = camera.ringWindow().toNanos() / 1000 / 4;
        while (running && !leader.ended() && leader.newestDtsUs() < dtsUs - leadUs) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    /**
     * For the analysed stream of a file read once: waits until the main stream's reader has read up to {@code ptsUs}
     * (or ended, or a stall timeout passed: a main stream that failed must not stop analysis), so the keyframe a
     * picture asks for is in the ring — both are read at full speed, and a loaded machine can hold either back.
     */
    private void awaitRecorded(long ptsUs) throws InterruptedException {
        if (recordRing == null || camera.mode() != Camera.Mode.ONCE) {
            return;
        }
        long deadline = System.nanoTime() + camera.stallTimeout().toNanos();
        while (running && !recordRing.ended() && recordRing.newestDtsUs() < ptsUs && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    private void sample(Packet p, CameraClock clock, Sampler sampler, StreamInfo info) throws DecodeException {
        long start = System.nanoTime();
        long errorsBefore = sampler.errors();
        if (camera.mode().live()) {
            // a source read once keeps its interval: paced, it would read seconds ahead of a case's clip request
            // between two sparse samples and push the clip's pre-roll out of the ring
            sampler.interval(frames.pacing().intervalUs(camera.id(), camera.sampleInterval().toNanos() / 1000));
        }
        Mat image = sampler.offer(p, camera.frameSize());
        if (sampler.errors() > errorsBefore) {
            meter.decodeErrors(sampler.errors() - errorsBefore);
        }
        if (image == null) {
            return;
        }
        meter.sampled(p.key(), (System.nanoTime() - start) / 1e9);
        long pts = p.ptsUs();
        Frame frame = new Frame(camera.id(), seq++, pts, clock.wallMs(pts), image, info.width(), info.height(), ring,
                recordRing);
        frames.offer(frame, camera.mode().live() ? FrameQueue.WhenFull.DROP_OLDEST : FrameQueue.WhenFull.WAIT);
    }

    private void logConnected(StreamInfo info, int failedAttempts) {
        if (failedAttempts > 0) {
            LOG.info("camera {}: connected after {} failed attempts ({})", camera.id(), failedAttempts, info);
        } else {
            LOG.info("camera {}: reading {} ({})", camera.id(), camera.safeUrl(), info);
        }
    }

    /** The first failure and then every power-of-two attempt at WARN: a dead camera must not flood the log. */
    private void logFailure(String message, int attempt) {
        if (attempt == 0 || Integer.bitCount(attempt) == 1) {
            LOG.warn("camera {}: {} (attempt {}, retrying with backoff up to {} s)", camera.id(), message,
                    attempt + 1, camera.backoffMax().toSeconds());
        } else {
            LOG.debug("camera {}: {} (attempt {})", camera.id(), message, attempt + 1);
        }
    }
}
