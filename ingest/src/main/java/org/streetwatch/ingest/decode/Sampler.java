package org.streetwatch.ingest.decode;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.streetwatch.ingest.frame.FrameSize;
import org.streetwatch.ingest.packet.Packet;
import org.streetwatch.ingest.packet.StreamInfo;

/**
 * Decides which packets are decoded: at most one picture per sampling interval, and as little decoding as that takes.
 *
 * <p>A due keyframe is decoded on its own, with a decoder borrowed from the shared {@link DecoderPool} for those few
 * milliseconds. Non-key packets never reach a decoder, except when the camera's GOP is longer than the interval
 * (smart codecs and old encoders send a keyframe every 10 s or more): then waiting for the next keyframe would starve
 * analysis, so the camera's own decoder runs forward from the GOP's keyframe to the due packet and keeps its place,
 * so the next sample in the same GOP only decodes the packets in between.
 *
 * <p>Owned by the camera thread.
 */
public final class Sampler implements AutoCloseable {

    /** Beyond this many packets since a keyframe (a stream without keyframes), decoding forward is given up. */
    static final int MAX_GOP_PACKETS = 4096;

    private long intervalUs;
    private final DecoderPool pool;
    private final List<Packet> gop = new ArrayList<>();
    private StreamInfo stream;
    private FrameDecoder own;
    private long toleranceUs;
    private long lastSampleUs = Long.MIN_VALUE;
    private long lastKeyUs = Long.MIN_VALUE;
    private long gopUs = -1;
    /** Packets of {@link #gop} already fed to {@link #own}, or -1 if it is not positioned in this GOP. */
    private int fed = -1;
    private long keyframesDecoded;
    private long packetsDecoded;
    private long errors;

    public Sampler(long intervalUs, DecoderPool pool) {
        if (intervalUs <= 0) {
            throw new IllegalArgumentException("sampling interval must be positive");
        }
        this.intervalUs = intervalUs;
        this.pool = pool;
    }

    /** From now on at most one picture per this interval (analysis asks for fewer or more as its needs change). */
    public void interval(long us) {
        if (us > 0) {
            intervalUs = us;
        }
    }

    /** Half a frame of slack, so a keyframe a few microseconds early is still due. */
    public void frameDurationUs(long us) {
        toleranceUs = Math.max(0, us / 2);
    }

    /** The next packet starts a new connection (of this stream): decoder references are gone. */
    public void discontinuity(StreamInfo next) {
        if (own != null && !own.stream().compatibleWith(next)) {
            own.close();
            own = null;
        }
        stream = next;
        gop.clear();
        fed = -1;
        lastKeyUs = Long.MIN_VALUE;
    }

    /**
     * Offers the next packet in decode order. Returns the picture, scaled to fit {@code size}, if one was due and
     * decoded; the caller owns it.
     */
    public Mat offer(Packet p, FrameSize size) throws DecodeException {
        if (p.key()) {
            if (lastKeyUs != Long.MIN_VALUE) {
                gopUs = p.ptsUs() - lastKeyUs;
            }
            lastKeyUs = p.ptsUs();
            gop.clear();
            fed = -1;
        } else if (lastKeyUs == Long.MIN_VALUE) {
            return null; // nothing decodable before the first keyframe
        }
        boolean kept = gop.size() < MAX_GOP_PACKETS;
        if (kept) {
            gop.add(p);
        }
        if (lastSampleUs != Long.MIN_VALUE && p.ptsUs() < lastSampleUs + intervalUs - toleranceUs) {
            return null;
        }
        Mat picture;
        if (p.key() && !longGop()) {
            picture = loneKeyframe(p, size);
        } else {
            // until two keyframes have been seen, a keyframe that has not come one interval after the last proves a
            // long GOP; after that, the measured GOP decides
            boolean forward = p.key() || longGop() || (gopUs < 0 && p.ptsUs() - lastKeyUs >= intervalUs - toleranceUs);
            if (!kept || !forward) {
                return null; // a keyframe is due soon enough: wait for it
            }
            picture = decodeForward(size);
        }
        if (picture != null) {
            lastSampleUs = p.ptsUs();
        }
        return picture;
    }

    private boolean longGop() {
        return gopUs > intervalUs + intervalUs / 10;
    }

    /** A keyframe on a borrowed decoder: no decoder memory stays with the camera. */
    private Mat loneKeyframe(Packet p, FrameSize size) throws DecodeException {
        FrameDecoder d = pool.borrow(stream);
        long before = d.errors();
        try {
            boolean got = d.decode(p) || d.drain(); // a decoder with reordering delay holds it until drained
            keyframesDecoded++;
            packetsDecoded++;
            return got ? scaled(d, size) : null;
        } finally {
            errors += d.errors() - before;
            pool.giveBack(d);
        }
    }

    private Mat decodeForward(FrameSize size) throws DecodeException {
        if (own == null) {
            own = new FrameDecoder(stream);
            fed = -1;
        }
        long before = own.errors();
        if (fed < 0) {
            own.reset();
            fed = 0;
        }
        boolean got = false;
        for (; fed < gop.size(); fed++) {
            Packet q = gop.get(fed);
            got = own.decode(q);
            packetsDecoded++;
            if (q.key()) {
                keyframesDecoded++;
            }
        }
        if (!got) {
            got = own.drain();
            own.reset();
            fed = -1; // drained: the decoder must restart from the keyframe
        }
        errors += own.errors() - before;
        return got ? scaled(own, size) : null;
    }

    private static Mat scaled(FrameDecoder d, FrameSize size) {
        int[] wh = size.fit(d.stream().width(), d.stream().height());
        return d.toBgr(wh[0], wh[1]);
    }

    public long keyframesDecoded() {
        return keyframesDecoded;
    }

    public long packetsDecoded() {
        return packetsDecoded;
    }

    /** Packets the decoders rejected (corrupt data). */
    public long errors() {
        return errors;
    }

    @Override
    public void close() {
        if (own != null) {
            own.close();
            own = null;
        }
    }
}
