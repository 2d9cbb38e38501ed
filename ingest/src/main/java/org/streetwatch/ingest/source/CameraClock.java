package org.streetwatch.ingest.source;

/**
 * Maps the timestamps of a camera's successive connections (or a file's successive loops) onto one monotonic camera
 * timeline in microseconds, and camera time onto wall-clock time.
 *
 * <p>Sampling, tracking, dwell and clip boundaries all run on camera time, so a file read at full speed and the same
 * footage arriving live produce the same decisions. Wall-clock time is only for the people reading a case: for a live
 * camera it is the arrival time of each connection's first packet plus the stream's own progress since then; for a
 * file it is the file's nominal start plus its timestamps.
 *
 * <p>Owned by one camera thread; not thread-safe.
 */
public final class CameraClock {

    /** A jump larger than this inside one connection is a discontinuity (encoder reset, corrupt timestamp). */
    static final long MAX_JUMP_US = 10_000_000;
    /**
     * A step back no larger than this is frame reordering, not a reset: a camera with B-frames whose RTP stream carries
     * no decode times hands over presentation times, which go back by a few frames.
     */
    static final long MAX_REORDER_US = 1_000_000;

    private final boolean live;
    private long frameUs = 40_000;
    private boolean rebase = true;
    private long baseDtsUs;
    private long offsetUs;
    private long lastDtsUs = -1;
    private long pendingStartUs = -1;
    private long lastArrivalMs;
    private long anchorWallMs;
    private long anchorCamUs;

    /**
     * @param live          true for a camera, false for a recorded file
     * @param fileStartWallMs for a file, the wall-clock time of its first frame; ignored for a live camera
     */
    public CameraClock(boolean live, long fileStartWallMs) {
        this.live = live;
        this.anchorWallMs = fileStartWallMs;
    }

    public void frameDurationUs(long us) {
        if (us > 0) {
            frameUs = us;
        }
    }

    /** The next packet starts a new connection or a new loop of the file. */
    public void discontinuity() {
        rebase = true;
    }

    /**
     * Converts a packet's stream timestamps (microseconds, either may be {@code Long.MIN_VALUE} if unknown) to camera
     * time. Returns {pts, dts}.
     */
    public long[] map(long streamPtsUs, long streamDtsUs, long nowMs) {
        long dts = streamDtsUs != Long.MIN_VALUE ? streamDtsUs : streamPtsUs;
        long pts = streamPtsUs != Long.MIN_VALUE ? streamPtsUs : dts;
        if (dts == Long.MIN_VALUE) {
            // no timestamps (an RTSP stream's first packet, before RTP timing is known): one frame after the last,
            // or the start of a new segment, which the next timestamped packet then continues
            long cam;
            if (rebase && pendingStartUs < 0) {
                cam = segmentStart(nowMs);
                pendingStartUs = cam;
                anchor(cam, nowMs);
            } else {
                cam = lastDtsUs + frameUs;
            }
            lastDtsUs = cam;
            lastArrivalMs = nowMs;
            return new long[] {cam, cam};
        }
        if (!rebase && lastDtsUs >= 0) {
            long cam = offsetUs + (dts - baseDtsUs);
            if (lastDtsUs - cam > MAX_REORDER_US || cam - lastDtsUs > MAX_JUMP_US) {
                rebase = true;
            }
        }
        if (rebase) {
            if (pendingStartUs >= 0) {
                offsetUs = lastDtsUs + frameUs;
            } else {
                offsetUs = segmentStart(nowMs);
                anchor(offsetUs, nowMs);
            }
            pendingStartUs = -1;
            baseDtsUs = dts;
            rebase = false;
        }
        // decode times strictly increase: muxers refuse a clip whose packets share or reverse them
        long camDts = Math.max(offsetUs + (dts - baseDtsUs), lastDtsUs + 1);
        long camPts = Math.max(camDts, offsetUs + (pts - baseDtsUs));
        lastDtsUs = camDts;
        lastArrivalMs = nowMs;
        return new long[] {camPts, camDts};
    }

    /** Where a new segment starts: at 0, or after the last packet plus the gap (the wall-clock gap if live). */
    private long segmentStart(long nowMs) {
        if (lastDtsUs < 0) {
            return 0;
        }
        long gap = live ? Math.max(frameUs, (nowMs - lastArrivalMs) * 1000) : frameUs;
        return lastDtsUs + gap;
    }

    private void anchor(long cameraUs, long nowMs) {
        if (live) {
            anchorWallMs = nowMs;
            anchorCamUs = cameraUs;
        }
    }

    /** Wall-clock milliseconds of a camera time. */
    public long wallMs(long cameraUs) {
        return anchorWallMs + (cameraUs - anchorCamUs) / 1000;
    }

    /** Camera time of the last packet mapped, or -1. */
    public long lastUs() {
        return lastDtsUs;
    }
}
