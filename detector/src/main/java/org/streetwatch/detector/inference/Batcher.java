package org.streetwatch.detector.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.streetwatch.detector.Detection;

/**
 * Gathers single pictures from concurrent callers into batches: the first picture waits at most {@code maxWait} for
 * others, a full batch runs at once (as one batch of a dynamic-batch model, or as one {@link Mosaic}). One thread,
 * owned by the detector. The queue needs no bound: each caller (an
 * analysis worker) has at most one picture in it and waits for its answer.
 */
final class Batcher implements AutoCloseable {

    /** What runs a gathered batch. */
    interface Run {
        List<List<Detection>> detect(List<Framed> images) throws InferenceException;
    }

    private record Request(Framed image, CompletableFuture<List<Detection>> result) {
    }

    private final int max;
    private final long waitNanos;
    private final Run run;
    private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** @param name the thread's name */
    Batcher(String name, int max, long waitNanos, Run run) {
        this.max = max;
        this.waitNanos = waitNanos;
        this.run = run;
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    List<Detection> submit(Framed image) throws InferenceException {
        Request r = new Request(image, new CompletableFuture<>());
        queue.add(r);
        if (!running) {
            // closed meanwhile: nobody will take it
            r.result().completeExceptionally(new InferenceException("the detector is closed"));
        }
        try {
            return r.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceException("interrupted while waiting for inference");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof InferenceException ie ? ie
                    : new InferenceException("inference failed: " + e.getCause());
        }
    }

    private void loop() {
        List<Request> batch = new ArrayList<>(max);
        while (running) {
            try {
                Request first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + waitNanos;
                while (batch.size() < max) {
                    Request next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                List<Framed> images = new ArrayList<>(batch.size());
                for (Request r : batch) {
                    images.add(r.image());
                }
                try {
                    List<List<Detection>> out = run.detect(images);
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).result().complete(out.get(i));
                    }
                } catch (InferenceException e) {
                    for (Request r : batch) {
                        r.result().completeExceptionally(e);
                    }
                }
                batch.clear();
            } catch (InterruptedException e) {
                break;
            }
        }
        InferenceException closed = new InferenceException("the detector is closed");
        batch.forEach(r -> r.result().completeExceptionally(closed));
        for (Request r; (r = queue.poll()) != null; ) {
            r.result().completeExceptionally(closed);
        }
    }

    /**
     * Stops the thread and waits for the batch in progress (not interrupted: its callers get its answer), so no run
     * starts after the lanes are closed; the requests still queued fail.
     */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
