package org.streetwatch.ingest.packet;

/**
 * One compressed video packet on the camera's timeline.
 *
 * <p>Times are microseconds of camera time (see {@code CameraClock}): monotonic across reconnects and file loops, so
 * rings, clips and rules never see a timestamp go backwards. The payload is copied onto the heap when the packet is
 * read, so a ring holds no native memory and a packet that falls out of it is simply collected.
 */
public record Packet(long ptsUs, long dtsUs, long durationUs, boolean key, byte[] data) {

    public int size() {
        return data.length;
    }

    /** The end of this packet's display interval. */
    public long endUs() {
        return ptsUs + Math.max(durationUs, 0);
    }
}
