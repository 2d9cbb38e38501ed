package org.streetwatch.ingest.camera;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.ingest.decode.DecoderPool;
import org.streetwatch.ingest.frame.FrameQueue;
import org.streetwatch.ingest.metrics.IngestMetrics;

/**
 * The cameras this node runs. {@link #apply(Collection)} takes the whole desired set and changes only what differs:
 * new cameras start, removed ones stop, changed ones restart; the others are not touched. Whatever decides the set (the
 * config file today, a Kafka partition assignment on a cluster) only calls {@code apply}.
 */
public final class CameraFleet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CameraFleet.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final FrameQueue frames;
    private final IngestMetrics metrics;
    private final Map<String, CameraSession> sessions = new LinkedHashMap<>();
    /** Keyframe decoders shared by all cameras: a few per stream type, not one per camera. */
    private final DecoderPool decoders = new DecoderPool(8);

    public CameraFleet(FrameQueue frames, IngestMetrics metrics) {
        this.frames = frames;
        this.metrics = metrics;
    }

    /** Makes the running set equal to {@code desired}. */
    public synchronized void apply(Collection<Camera> desired) throws InterruptedException {
        Map<String, Camera> want = new LinkedHashMap<>();
        for (Camera c : desired) {
            want.put(c.id(), c);
        }
        List<CameraSession> stopping = new ArrayList<>();
        for (var it = sessions.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            Camera next = want.get(e.getKey());
            if (next == null || !next.equals(e.getValue().camera())) {
                stopping.add(e.getValue());
                it.remove();
            }
        }
        stopAll(stopping);
        for (CameraSession s : stopping) {
            if (!want.containsKey(s.camera().id())) {
                metrics.forget(s.camera().id());
                LOG.info("camera {} removed", s.camera().id());
            }
        }
        for (Camera c : want.values()) {
            if (!sessions.containsKey(c.id())) {
                CameraSession s = new CameraSession(c, frames, metrics, decoders);
                sessions.put(c.id(), s);
                s.start();
            }
        }
    }

    public synchronized Optional<CameraSession> session(String cameraId) {
        return Optional.ofNullable(sessions.get(cameraId));
    }

    public synchronized List<CameraSession> sessions() {
        return List.copyOf(sessions.values());
    }

    /** Completes when every current session has finished (all files read once have ended). */
    public synchronized CompletableFuture<Void> allFinished() {
        return CompletableFuture.allOf(sessions.values().stream().map(CameraSession::finished)
                .toArray(CompletableFuture[]::new));
    }

    /** Signals every session first, then waits: stopping many cameras takes one read timeout, not one each. */
    private static void stopAll(Collection<CameraSession> stopping) throws InterruptedException {
        for (CameraSession s : stopping) {
            s.signalStop();
        }
        for (CameraSession s : stopping) {
            s.await(STOP_TIMEOUT);
        }
    }

    @Override
    public synchronized void close() throws InterruptedException {
        stopAll(sessions.values());
        sessions.clear();
        decoders.close();
    }
}
