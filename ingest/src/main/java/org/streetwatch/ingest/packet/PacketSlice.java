package org.streetwatch.ingest.packet;

import java.util.List;

/**
 * An immutable run of packets cut from a ring: it starts at a keyframe, so it decodes and remuxes on its own.
 *
 * @param truncated true if the ring no longer (or not yet) held all of the requested interval
 */
public record PacketSlice(StreamInfo stream, List<Packet> packets, boolean truncated) {

    public PacketSlice {
        packets = List.copyOf(packets);
    }

    public boolean isEmpty() {
        return packets.isEmpty();
    }

    public long startUs() {
        return packets.isEmpty() ? 0 : packets.get(0).ptsUs();
    }

    public long endUs() {
        return packets.isEmpty() ? 0 : packets.get(packets.size() - 1).endUs();
    }

    public long bytes() {
        long n = 0;
        for (Packet p : packets) {
            n += p.size();
        }
        return n;
    }
}
