package org.streetwatch.ingest.clip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.ingest.packet.Packet;
import org.streetwatch.ingest.packet.PacketRing;
import org.streetwatch.ingest.packet.PacketSlice;
import org.streetwatch.ingest.testing.Footage;

class RemuxerTest {

    @Test
    void aSliceOfTheRingBecomesAPlayableMp4WithoutReencoding(@TempDir Path dir) throws Exception {
        PacketRing ring = Footage.ring(Footage.vtestGop2s());
        long bytesIn = 0;
        PacketSlice slice = ring.slice(63_000_000, 73_000_000).get();
        for (Packet p : slice.packets()) {
            bytesIn += p.size();
        }
        Remuxer.Written w = Remuxer.write(slice, dir.resolve("clip.mp4"));
        assertThat(w.container()).isEqualTo("mp4");
        assertThat(w.startUs()).isEqualTo(62_000_000L); // back to the keyframe before 63 s
        assertThat(w.bytes()).isEqualTo(bytesIn);
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(dir.resolve("clip.mp4").toFile())) {
            g.start();
            assertThat(g.getVideoCodecName()).isEqualTo("h264");
            assertThat(g.getImageWidth()).isEqualTo(768);
            // 62.0 .. 73.0 s inclusive of the last frame: 11.1 s
            assertThat(g.getLengthInTime() / 1e6).isCloseTo(11.1, org.assertj.core.data.Offset.offset(0.15));
            int frames = 0;
            while (g.grabImage() != null) {
                frames++;
            }
            assertThat(frames).isEqualTo(111);
            g.stop();
        }
    }
}
