package org.streetwatch.ingest.decode;

import java.util.ArrayList;
import java.util.List;
import org.streetwatch.ingest.packet.Packet;

/**
 * Decides which packets are decoded: at most one picture per sampling interval, and as little decoding as that takes.
 *
 * <p>A due keyframe is decoded on its own. Non-key packets never reach the decoder, except when the camera's GOP is
 * longer than the interval (smart codecs and old encoders send a keyframe every 10 s or more): then waiting for the
 * next keyframe would starve analysis, so the decoder runs forward from the GOP's keyframe to the due packet, and keeps
 * its place so the next sample in the same GOP only decodes the packets in between.
 *
 * <p>Owned by the camera thread, together with the decoder it drives.
 */
public final class Sampler {

    /** Beyond this many packets since a keyframe (a stream without keyframes), decoding forward is given up. */
    static final int MAX_GOP_PACKETS = 4096;

    private final long intervalUs;
    private final List<Packet> gop = new ArrayList<>();
    private long toleranceUs;
    private long lastSampleUs = Long.MIN_VALUE;
    private long lastKeyUs = Long.MIN_VALUE;
    private long gopUs = -1;
    /** Packets of {@link #gop} already fed to the decoder, or -1 if the decoder is not positioned in this GOP. */
    private int fed = -1;
    private long keyframesDecoded;
    private long packetsDecoded;

    public Sampler(long intervalUs) {
        if (intervalUs <= 0) {
            throw new IllegalArgumentException("sampling interval must be positive");
        }
        this.intervalUs = intervalUs;
    }

    /** Half a frame of slack, so a keyframe a few microseconds early is still due. */
    public void frameDurationUs(long us) {
        toleranceUs = Math.max(0, us / 2);
    }

    /** The next packet starts a new connection: the decoder's references are gone. */
    public void discontinuity() {
        gop.clear();
        fed = -1;
        lastKeyUs = Long.MIN_VALUE;
    }

    /**
     * Offers the next packet in decode order. Returns true if it was due and a picture is now current in the decoder.
     */
    public boolean offer(Packet p, FrameDecoder decoder) {
        if (p.key()) {
            if (lastKeyUs != Long.MIN_VALUE) {
                gopUs = p.ptsUs() - lastKeyUs;
            }
            lastKeyUs = p.ptsUs();
            gop.clear();
            fed = -1;
        } else if (lastKeyUs == Long.MIN_VALUE) {
            return false; // nothing decodable before the first keyframe
        }
        boolean kept = gop.size() < MAX_GOP_PACKETS;
        if (kept) {
            gop.add(p);
        }
        if (lastSampleUs != Long.MIN_VALUE && p.ptsUs() < lastSampleUs + intervalUs - toleranceUs) {
            return false;
        }
        boolean got;
        if (p.key()) {
            decoder.reset();
            got = decoder.decode(p);
            fed = 1;
            keyframesDecoded++;
            packetsDecoded++;
        } else {
            // until two keyframes have been seen, a keyframe that has not come one interval after the last proves a
            // long GOP; after that, the measured GOP decides (with 10 % slack for jitter)
            boolean longGop = gopUs > 0 ? gopUs > intervalUs + intervalUs / 10
                    : p.ptsUs() - lastKeyUs >= intervalUs - toleranceUs;
            if (!kept || !longGop) {
                return false; // a keyframe is due soon enough: wait for it
            }
            got = decodeForward(decoder);
        }
        if (!got) {
            // a decoder with reordering delay holds the picture back until drained; it must restart afterwards
            got = decoder.drain();
            decoder.reset();
            fed = -1;
        }
        if (got) {
            lastSampleUs = p.ptsUs();
        }
        return got;
    }

    private boolean decodeForward(FrameDecoder decoder) {
        if (fed < 0) {
            decoder.reset();
            fed = 0;
        }
        boolean got = false;
        for (; fed < gop.size(); fed++) {
            got = decoder.decode(gop.get(fed));
            packetsDecoded++;
        }
        return got;
    }

    public long keyframesDecoded() {
        return keyframesDecoded;
    }

    public long packetsDecoded() {
        return packetsDecoded;
    }
}
