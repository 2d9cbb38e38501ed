package org.streetwatch.detector.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.detector.Detection;

/**
 * A fixed pool of {@link Lane}s spread over the model's sessions: {@code session.run} is thread-safe, the lanes'
 * memory is not, so each caller borrows one and waits while all are busy. Closing waits for the runs in progress
 * before their tensors and sessions are freed: freeing them under a running inference crashes the JVM in ONNX Runtime.
 */
final class Lanes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Lanes.class);
    /** How long close waits for a run in progress before it leaves that lane's memory to the process's end. */
    private static final long CLOSE_WAIT_S = 30;

    private final LoadedModel model;
    private final List<Lane> all = new ArrayList<>();
    private final BlockingQueue<Lane> free;
    private final AtomicLong runs = new AtomicLong();
    private volatile boolean closed;

    Lanes(LoadedModel model, ClassScores scores, int count) {
        this.model = model;
        free = new ArrayBlockingQueue<>(count);
        for (int i = 0; i < count; i++) {
            Lane lane = new Lane(model, model.sessions.get(i % model.sessions.size()), scores);
            all.add(lane);
            free.add(lane);
        }
    }

    /** Detects objects in each picture, a batch per run; waits for a free lane. */
    List<List<Detection>> detect(List<Framed> images) throws InferenceException {
        Lane lane = null;
        try {
            while (lane == null) {
                if (closed) {
                    throw new InferenceException("the detector is closed");
                }
                // polled, not taken: after close no lane comes back, and a caller must not wait for one forever
                lane = free.poll(100, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceException("interrupted while waiting for a free inference lane");
        }
        try {
            if (closed) {
                throw new InferenceException("the detector is closed");
            }
            List<List<Detection>> out = new ArrayList<>(images.size());
            for (int from = 0; from < images.size(); from += model.batch) {
                lane.run(images.subList(from, Math.min(images.size(), from + model.batch)), out);
                runs.incrementAndGet();
            }
            return out;
        } finally {
            free.add(lane);
        }
    }

    /** Inference runs so far. */
    long runs() {
        return runs.get();
    }

    /** Takes every lane back (waiting for runs in progress), frees their tensors, then the sessions. */
    @Override
    public void close() {
        closed = true;
        List<Lane> back = new ArrayList<>(all.size());
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_WAIT_S);
        while (back.size() < all.size()) {
            try {
                Lane l = free.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (l == null) {
                    break;
                }
                back.add(l);
            } catch (InterruptedException e) {
                interrupted = true;
                deadline = System.nanoTime();
            }
        }
        for (Lane l : back) {
            l.close();
        }
        if (back.size() == all.size()) {
            model.close();
        } else {
            // a run still holds a lane: its tensors and the sessions stay allocated rather than freed under it
            LOG.warn("model {}: {} inference run(s) still in progress at close; their memory is left to the process",
                    model.descriptor.name(), all.size() - back.size());
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
