package org.streetwatch.ingest.clip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.ingest.packet.Packet;
import org.streetwatch.ingest.packet.PacketRing;
import org.streetwatch.ingest.packet.PacketSlice;
import org.streetwatch.ingest.source.CameraClock;
import org.streetwatch.ingest.source.PacketSource;
import org.streetwatch.ingest.testing.Footage;

class RemuxerTest {

    @Test
    void aSliceOfTheRingBecomesAPlayableMp4WithoutReencoding(@TempDir Path dir) throws Exception {
        PacketRing ring = new PacketRing(20_000_000, 8_000_000);
        long bytesIn = 0;
        try (PacketSource src = PacketSource.open(Footage.vtestGop2s().toString(), Duration.ofSeconds(5))) {
            ring.stream(src.info());
            CameraClock clock = new CameraClock(false, 0);
            PacketSource.Read r;
            while ((r = src.read(Duration.ofSeconds(5))) != null) {
                long[] t = clock.map(r.ptsUs(), r.dtsUs(), 0);
                ring.append(new Packet(t[0], t[1], r.durationUs(), r.key(), r.data()));
            }
        }
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
