package org.streetwatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.streetwatch.ingest.testing.Footage;
import org.streetwatch.ingest.testing.RtspServer;

/** How a live stream is opened: from its first packets where that is exact, by FFmpeg's decoding probe otherwise. */
class PacketSourceRtspTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static RtspServer server;

    @BeforeAll
    static void start() throws Exception {
        server = RtspServer.start(Map.of("h264", Footage.vtestLong(8), "hevc", Footage.vtestH265()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anH264CameraIsOpenedFromItsFirstPacketsWhichAreReplayed() throws Exception {
        try (PacketSource src = PacketSource.open(server.url("h264"), TIMEOUT)) {
            assertThat(src.probedByDecoding()).isFalse();
            assertThat(src.info().width()).isEqualTo(768);
            assertThat(src.info().height()).isEqualTo(576);
            assertThat(src.info().frameRate()).isCloseTo(10.0, org.assertj.core.data.Offset.offset(0.01));
            assertThat(src.info().extradata()).isNotEmpty();
            // nothing read while opening is lost: 25 packets in a row, 100 ms apart, with a keyframe among them
            long last = Long.MIN_VALUE;
            boolean key = false;
            for (int i = 0; i < 25; i++) {
                PacketSource.Read r = src.read(TIMEOUT);
                assertThat(r).isNotNull();
                if (last != Long.MIN_VALUE) {
                    assertThat(r.ptsUs() - last).isEqualTo(100_000L);
                }
                last = r.ptsUs();
                key |= r.key();
            }
            assertThat(key).as("a keyframe within 2.5 s of a 2 s GOP").isTrue();
        }
    }

    @Test
    void aStreamWithReorderedFramesIsProbedByDecodingForItsDecodeTimes() throws Exception {
        try (PacketSource src = PacketSource.open(server.url("hevc"), TIMEOUT)) {
            assertThat(src.probedByDecoding()).isTrue();
            assertThat(src.info().codecName()).isEqualTo("hevc");
            assertThat(src.info().width()).isEqualTo(768);
            long lastDts = Long.MIN_VALUE;
            boolean reordered = false;
            for (int i = 0; i < 40; i++) {
                PacketSource.Read r = src.read(TIMEOUT);
                if (r.dtsUs() != Long.MIN_VALUE && lastDts != Long.MIN_VALUE) {
                    assertThat(r.dtsUs()).isGreaterThan(lastDts);
                }
                reordered |= r.ptsUs() > r.dtsUs();
                lastDts = r.dtsUs() != Long.MIN_VALUE ? r.dtsUs() : lastDts;
            }
            assertThat(reordered).as("B-frames: presentation after decode").isTrue();
        }
    }
}
