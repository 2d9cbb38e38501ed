package org.streetwatch.ingest.packet;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The last few seconds of one camera's compressed video, kept as whole GOPs so that it always starts at a keyframe.
 *
 * <p>The camera thread appends; evidence writers and still decoders slice it concurrently. Both are short critical
 * sections over heap objects (slicing copies references, never payloads), so the reader never waits on a writer's I/O.
 * The ring is bounded by time (the newest packet minus {@code windowUs}, rounded back to a keyframe) and by bytes: whole
 * GOPs are dropped from the head until it fits, but the GOP being written is kept (it is needed to decode the next
 * sample) unless it alone exceeds four times the byte budget, when it is dropped and the ring waits for a keyframe.
 *
 * <p>A slice whose end lies in the future (post-roll) is a pending request, completed on the camera thread as soon as a
 * packet past its end arrives, or with what there is when the stream is interrupted or ends. Callers must continue on
 * their own executor ({@code thenApplyAsync}), never on the camera thread.
 */
public final class PacketRing {

    private static final class Gop {
        final long startUs;
        final List<Packet> packets = new ArrayList<>();
        long bytes;

        Gop(long startUs) {
            this.startUs = startUs;
        }
    }

    private record Pending(long fromUs, long toUs, CompletableFuture<PacketSlice> result) {
    }

    private final long windowUs;
    private final long maxBytes;
    private final ArrayDeque<Gop> gops = new ArrayDeque<>();
    private final List<Pending> pending = new ArrayList<>();
    private StreamInfo stream;
    private long bytes;
    private long newestDtsUs = Long.MIN_VALUE;
    private boolean ended;

    public PacketRing(long windowUs, long maxBytes) {
        if (windowUs <= 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("ring window and byte budget must be positive");
        }
        this.windowUs = windowUs;
        this.maxBytes = maxBytes;
    }

    /** Declares the stream the next packets belong to; an incompatible stream empties the ring first. */
    public synchronized void stream(StreamInfo info) {
        if (stream != null && !stream.compatibleWith(info)) {
            completePending(true);
            gops.clear();
            bytes = 0;
            newestDtsUs = Long.MIN_VALUE;
        }
        stream = info;
        ended = false;
    }

    public synchronized void append(Packet p) {
        if (stream == null) {
            throw new IllegalStateException("stream(info) must be called before append");
        }
        if (p.key()) {
            gops.addLast(new Gop(p.ptsUs()));
        } else if (gops.isEmpty()) {
            return; // a ring starts at a keyframe: packets before the first one are useless to a decoder
        }
        Gop gop = gops.getLast();
        gop.packets.add(p);
        gop.bytes += p.size();
        bytes += p.size();
        newestDtsUs = Math.max(newestDtsUs, p.dtsUs());
        trim(p.ptsUs());
        if (!pending.isEmpty()) {
            completePending(false);
        }
    }

    private void trim(long newestUs) {
        while (gops.size() >= 2 && secondGopStart() <= newestUs - windowUs) {
            dropHead();
        }
        while (gops.size() >= 2 && bytes > maxBytes) {
            dropHead();
        }
        if (gops.size() == 1 && bytes > 4 * maxBytes) {
            dropHead();
        }
    }

    private long secondGopStart() {
        Iterator<Gop> it = gops.iterator();
        it.next();
        return it.next().startUs;
    }

    private void dropHead() {
        bytes -= gops.removeFirst().bytes;
    }

    /**
     * Cuts [fromUs, toUs]: from the last keyframe at or before {@code fromUs} to the last packet decoded at or before
     * {@code toUs}. Completes now if the ring already holds {@code toUs} or the stream has ended, else when it does.
     */
    public synchronized CompletableFuture<PacketSlice> slice(long fromUs, long toUs) {
        if (toUs < fromUs) {
            throw new IllegalArgumentException("slice end before start");
        }
        if (ended || newestDtsUs >= toUs) {
            return CompletableFuture.completedFuture(cut(fromUs, toUs));
        }
        CompletableFuture<PacketSlice> f = new CompletableFuture<>();
        pending.add(new Pending(fromUs, toUs, f));
        return f;
    }

    /**
     * The keyframe nearest {@code atUs} if one lies within {@code maxOffsetUs} of it, as a one-packet slice; empty if
     * none does. Never waits: a picture the ring does not hold yet is not worth stalling analysis for.
     */
    public synchronized PacketSlice keyframeNear(long atUs, long maxOffsetUs) {
        Gop best = null;
        for (Gop g : gops) {
            if (Math.abs(g.startUs - atUs) <= maxOffsetUs
                    && (best == null || Math.abs(g.startUs - atUs) < Math.abs(best.startUs - atUs))) {
                best = g;
            }
        }
        return new PacketSlice(stream, best == null ? List.of() : List.of(best.packets.get(0)), false);
    }

    /** Completes waiting slices with what the ring holds, e.g. when the connection dropped. */
    public synchronized void interrupt() {
        completePending(true);
    }

    /** The stream ended (end of file, camera removed): complete every request now and every later one at once. */
    public synchronized void end() {
        ended = true;
        completePending(true);
    }

    private void completePending(boolean all) {
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending r = it.next();
            if (all || newestDtsUs >= r.toUs) {
                it.remove();
                r.result.complete(cut(r.fromUs, r.toUs));
            }
        }
    }

    private PacketSlice cut(long fromUs, long toUs) {
        List<Packet> out = new ArrayList<>();
        Gop first = null;
        for (Gop g : gops) {
            if (g.startUs <= fromUs || first == null) {
                first = g;
            }
            if (g.startUs > fromUs) {
                break;
            }
        }
        boolean truncated = first == null || first.startUs > fromUs || newestDtsUs < toUs;
        if (first != null) {
            boolean copying = false;
            outer:
            for (Gop g : gops) {
                copying |= g == first;
                if (!copying) {
                    continue;
                }
                for (Packet p : g.packets) {
                    if (p.dtsUs() > toUs) {
                        break outer;
                    }
                    out.add(p);
                }
            }
        }
        return new PacketSlice(stream, out, truncated);
    }

    public synchronized long bytes() {
        return bytes;
    }

    public synchronized int packets() {
        int n = 0;
        for (Gop g : gops) {
            n += g.packets.size();
        }
        return n;
    }

    /** Camera time of the oldest packet held (a keyframe), or -1 if empty. */
    public synchronized long oldestUs() {
        return gops.isEmpty() ? -1 : gops.getFirst().startUs;
    }

    /** True once the stream has ended for good ({@link #end()}). */
    public synchronized boolean ended() {
        return ended;
    }

    public synchronized long newestDtsUs() {
        return newestDtsUs;
    }

    public synchronized StreamInfo streamInfo() {
        return stream;
    }

    public synchronized int pendingSlices() {
        return pending.size();
    }
}
