package org.streetwatch.ingest.frame;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-off between camera threads and analysis workers.
 *
 * <p>Each camera has its own small mailbox of {@code perCamera} frames. When analysis falls behind, a live camera's
 * oldest frame is dropped and counted: a camera thread must never wait, or the packets it should be reading pile up
 * in the kernel and the camera drops the connection. A file read at full speed instead waits for room, because
 * nothing is lost by waiting and dropping would make the result depend on machine speed.
 *
 * <p>Workers take cameras round-robin, and a camera taken is "busy" until its worker calls {@link #done(String)}: two
 * workers never hold the same camera, so per-camera analysis state (tracks, rules) needs no locks and sees frames in
 * order. The queue also carries analysis's {@link Pacing} back to the camera threads.
 */
public final class FrameQueue {

    /** What an offer does when the camera's mailbox is full. */
    public enum WhenFull {
        DROP_OLDEST,
        WAIT
    }

    /** Called (under no lock of the caller's) when a frame is dropped. */
    public interface DropListener {
        void dropped(String cameraId);
    }

    private static final class Mailbox {
        final ArrayDeque<Sample> items = new ArrayDeque<>();
        int frames;
        boolean busy;
        boolean ready;
        boolean endTaken;
    }

    private final int perCamera;
    private final DropListener drops;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final Condition room = lock.newCondition();
    private final Map<String, Mailbox> boxes = new HashMap<>();
    private final ArrayDeque<String> ready = new ArrayDeque<>();
    private final Pacing pacing = new Pacing();
    private boolean closed;

    public FrameQueue(int perCamera, DropListener drops) {
        if (perCamera < 1) {
            throw new IllegalArgumentException("perCamera must be at least 1");
        }
        this.perCamera = perCamera;
        this.drops = drops;
    }

    /** How often analysis wants each camera's pictures. */
    public Pacing pacing() {
        return pacing;
    }

    /**
     * Queues a frame. Returns false (and closes the frame) if the queue is closed or the wait was interrupted.
     */
    public boolean offer(Frame frame, WhenFull whenFull) {
        Frame dropped = null;
        lock.lock();
        try {
            Mailbox box = boxes.computeIfAbsent(frame.cameraId(), k -> new Mailbox());
            while (!closed && box.frames >= perCamera) {
                if (whenFull == WhenFull.DROP_OLDEST) {
                    dropped = removeOldestFrame(box);
                    break;
                }
                room.await();
            }
            if (closed) {
                frame.close();
                return false;
            }
            box.items.addLast(frame);
            box.frames++;
            box.endTaken = false;
            markReady(frame.cameraId(), box);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            frame.close();
            return false;
        } finally {
            lock.unlock();
        }
        if (dropped != null) {
            dropped.close();
            drops.dropped(frame.cameraId());
        }
        return true;
    }

    private static Frame removeOldestFrame(Mailbox box) {
        for (var it = box.items.iterator(); it.hasNext(); ) {
            if (it.next() instanceof Frame f) {
                it.remove();
                box.frames--;
                return f;
            }
        }
        return null;
    }

    /** Queues the end of a camera's stream behind its frames. */
    public void end(String cameraId) {
        lock.lock();
        try {
            Mailbox box = boxes.computeIfAbsent(cameraId, k -> new Mailbox());
            box.items.addLast(new StreamEnd(cameraId));
            markReady(cameraId, box);
        } finally {
            lock.unlock();
        }
    }

    private void markReady(String cameraId, Mailbox box) {
        if (!box.busy && !box.ready) {
            box.ready = true;
            ready.addLast(cameraId);
            available.signal();
        }
    }

    /**
     * Takes the next sample of the next ready camera, waiting up to {@code timeout}. The camera stays busy until
     * {@link #done(String)}. Returns null on timeout or when closed.
     */
    public Sample take(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (ready.isEmpty()) {
                if (closed || nanos <= 0) {
                    return null;
                }
                nanos = available.awaitNanos(nanos);
            }
            String id = ready.pollFirst();
            Mailbox box = boxes.get(id);
            box.ready = false;
            box.busy = true;
            Sample s = box.items.pollFirst();
            if (s instanceof Frame) {
                box.frames--;
                room.signalAll();
            } else {
                box.endTaken = true;
            }
            return s;
        } finally {
            lock.unlock();
        }
    }

    /** The worker finished with the camera's last sample; its next one may be taken. */
    public void done(String cameraId) {
        lock.lock();
        try {
            Mailbox box = boxes.get(cameraId);
            if (box == null) {
                return;
            }
            box.busy = false;
            if (!box.items.isEmpty()) {
                markReady(cameraId, box);
            } else if (box.endTaken) {
                boxes.remove(cameraId); // the stream ended: forget the camera until it sends again
            }
        } finally {
            lock.unlock();
        }
    }

    /** Frames waiting, over all cameras. */
    public int size() {
        lock.lock();
        try {
            int n = 0;
            for (Mailbox b : boxes.values()) {
                n += b.frames;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiter; frames still queued are closed. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            for (Mailbox b : boxes.values()) {
                for (Sample s : b.items) {
                    if (s instanceof Frame f) {
                        f.close();
                    }
                }
                b.items.clear();
                b.frames = 0;
            }
            ready.clear();
            available.signalAll();
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
