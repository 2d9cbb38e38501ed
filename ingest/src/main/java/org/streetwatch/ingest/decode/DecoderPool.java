package org.streetwatch.ingest.decode;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Decoders shared by cameras for lone keyframes ({@link FrameDecoder#forLoneKeyframes}). Decoding a keyframe needs
 * no state from earlier pictures, so a camera whose GOP is no longer than its sampling interval borrows a decoder for
 * the few milliseconds of one keyframe instead of keeping one of its own: hundreds of cameras then hold a handful of
 * decoders (each holds picture buffers of a megabyte or more) and no camera pays for opening one at every sample.
 *
 * <p>Decoders are matched by stream (codec, size, codec configuration): cameras of one model and firmware share
 * them. At most {@code maxIdle} idle decoders are kept, least recently used first out. Thread-safe; the critical
 * sections touch only the idle list.
 */
public final class DecoderPool implements AutoCloseable {

    private final int maxIdle;
    private final ArrayDeque<FrameDecoder> idle = new ArrayDeque<>();
    private long created;
    private boolean closed;

    public DecoderPool(int maxIdle) {
        this.maxIdle = maxIdle;
    }

    /** An idle decoder for this stream, flushed, or a new one. */
    public FrameDecoder borrow(org.streetwatch.ingest.packet.StreamInfo stream) throws DecodeException {
        synchronized (this) {
            for (Iterator<FrameDecoder> it = idle.iterator(); it.hasNext(); ) {
                FrameDecoder d = it.next();
                if (d.stream().compatibleWith(stream)) {
                    it.remove();
                    return d;
                }
            }
            created++;
        }
        return FrameDecoder.forLoneKeyframes(stream);
    }

    /** Returns a decoder after use; it is flushed and kept, or closed if the pool is full. */
    public void giveBack(FrameDecoder d) {
        d.reset();
        FrameDecoder evicted = null;
        synchronized (this) {
            if (closed) {
                evicted = d;
            } else {
                idle.addFirst(d);
                if (idle.size() > maxIdle) {
                    evicted = idle.removeLast();
                }
            }
        }
        if (evicted != null) {
            evicted.close();
        }
    }

    /** Decoders opened since the start (for tests and metrics). */
    public synchronized long created() {
        return created;
    }

    public synchronized int idle() {
        return idle.size();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        FrameDecoder d;
        while (true) {
            synchronized (this) {
                d = idle.poll();
            }
            if (d == null) {
                return;
            }
            d.close();
        }
    }
}
