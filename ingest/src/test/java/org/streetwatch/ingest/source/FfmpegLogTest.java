package org.streetwatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FfmpegLogTest {

    private static final String REFUSED =
            "[tcp @ 0x7fc01c00bf80] Connection to tcp://127.0.0.1:9?timeout=10000000 failed: Connection refused";
    private static final String REFUSED_AGAIN =
            "[tcp @ 0x7fc01c00ab00] Connection to tcp://127.0.0.1:9?timeout=10000000 failed: Connection refused";

    @Test
    void aCamerasRepeatedLineIsPrintedOncePerRepeatWindowAndOtherCamerasStillSpeak() {
        FfmpegLog log = new FfmpegLog();
        long t = 1_000_000;
        assertThat(log.admit("camera-dark-1", REFUSED, t)).isTrue();
        // the next reconnect: another context address, the same error
        assertThat(log.admit("camera-dark-1", REFUSED_AGAIN, t + 2_000)).isFalse();
        assertThat(log.admit("camera-dark-2", REFUSED_AGAIN, t + 2_000)).isTrue();
        assertThat(log.admit("camera-dark-1", "[rtsp @ 0x1] method DESCRIBE failed: 404 Not Found", t + 3_000))
                .isTrue();
        assertThat(log.admit("camera-dark-1", REFUSED, t + FfmpegLog.REPEAT_MS - 1)).isFalse();
        assertThat(log.admit("camera-dark-1", REFUSED, t + FfmpegLog.REPEAT_MS)).isTrue();
    }

    @Test
    void aBurstOfDifferentLinesIsCutAtTheBurstAndALineCutIsNotTakenForPrinted() {
        FfmpegLog log = new FfmpegLog();
        long t = 1_000_000;
        for (int i = 0; i < FfmpegLog.BURST; i++) {
            assertThat(log.admit("camera-1", "[h264 @ 0x2] error while decoding MB " + i, t)).isTrue();
        }
        assertThat(log.admit("camera-1", "[h264 @ 0x2] error while decoding MB cut", t)).isFalse();
        // the next window prints it: being cut did not count as printed
        assertThat(log.admit("camera-1", "[h264 @ 0x2] error while decoding MB cut", t + FfmpegLog.WINDOW_MS))
                .isTrue();
    }

    @Test
    void itRemembersABoundedNumberOfLines() {
        FfmpegLog log = new FfmpegLog();
        // spread over windows so the burst never cuts
        for (int i = 0; i <= FfmpegLog.REMEMBERED; i++) {
            assertThat(log.admit("camera-" + i, REFUSED, (i / FfmpegLog.BURST) * FfmpegLog.WINDOW_MS)).isTrue();
        }
        assertThat(log.remembered()).isEqualTo(FfmpegLog.REMEMBERED);
    }
}
