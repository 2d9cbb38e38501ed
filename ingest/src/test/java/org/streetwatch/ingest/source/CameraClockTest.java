package org.streetwatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CameraClockTest {

    @Test
    void aLoopedFileContinuesOneFrameAfterItsLastPacket() {
        CameraClock clock = new CameraClock(false, 1_000_000L);
        clock.frameDurationUs(100_000);
        assertThat(clock.map(500_000, 500_000, 0)[1]).isZero();
        assertThat(clock.map(600_000, 600_000, 0)[1]).isEqualTo(100_000L);
        clock.discontinuity();
        assertThat(clock.map(500_000, 500_000, 0)[1]).isEqualTo(200_000L);
        assertThat(clock.wallMs(200_000)).isEqualTo(1_000_200L);
    }

    @Test
    void aLiveReconnectSkipsTheWallClockGapAndReanchorsWallTime() {
        CameraClock clock = new CameraClock(true, 0);
        clock.frameDurationUs(40_000);
        clock.map(9_000_000, 9_000_000, 10_000);
        clock.map(9_040_000, 9_040_000, 10_040);
        clock.discontinuity();
        long[] t = clock.map(0, 0, 15_040); // reconnected 5 s later, stream restarted at 0
        assertThat(t[1]).isEqualTo(40_000L + 5_000_000L);
        assertThat(clock.wallMs(t[1])).isEqualTo(15_040L);
    }

    @Test
    void timestampsGoingBackwardsInsideAConnectionStartANewSegment() {
        CameraClock clock = new CameraClock(true, 0);
        clock.frameDurationUs(40_000);
        clock.map(5_000_000, 5_000_000, 0);
        long[] t = clock.map(200_000, 200_000, 40); // the encoder restarted
        assertThat(t[1]).isEqualTo(40_000L);
        assertThat(clock.map(240_000, 240_000, 80)[1]).isEqualTo(80_000L);
    }

    @Test
    void reorderedOrRepeatedDecodeTimesStayStrictlyIncreasingOnTheSameTimeline() {
        CameraClock clock = new CameraClock(true, 0);
        clock.frameDurationUs(100_000);
        // B-frames over RTP without decode times: presentation order I0 P3 B1 B2, and a repeated stamp
        long[][] in = {{0, 0}, {300_000, 300_000}, {100_000, 100_000}, {200_000, 200_000}, {200_000, 200_000},
                {400_000, 400_000}};
        long last = -1;
        for (long[] p : in) {
            long[] t = clock.map(p[0], p[1], 0);
            assertThat(t[1]).isGreaterThan(last);
            assertThat(t[0]).isGreaterThanOrEqualTo(t[1]);
            last = t[1];
        }
        assertThat(last).as("no new segment was started: the timeline did not drift").isEqualTo(400_000L);
    }

    @Test
    void aFirstPacketWithoutTimestampsStartsTheSegmentAndTheNextContinuesIt() {
        CameraClock clock = new CameraClock(true, 0);
        clock.frameDurationUs(100_000);
        assertThat(clock.map(Long.MIN_VALUE, Long.MIN_VALUE, 1_000)[1]).isZero();
        // decoding the first keyframe held the thread for 400 ms: that is no gap in the stream
        assertThat(clock.map(100_000, 100_000, 1_400)[1]).isEqualTo(100_000L);
        assertThat(clock.map(2_000_000, 2_000_000, 3_000)[1]).isEqualTo(2_000_000L);
    }
}
