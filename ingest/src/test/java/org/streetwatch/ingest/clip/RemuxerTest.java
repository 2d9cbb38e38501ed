package org.streetwatch.ingest.clip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void packetsSharingADecodeTickAreStillWritten(@TempDir Path dir) throws Exception {
        PacketSlice slice = Footage.ring(Footage.vtestGop2s()).slice(10_000_000, 14_000_000).get();
        List<Packet> same = new ArrayList<>();
        for (Packet p : slice.packets()) {
            // a microsecond apart: the same tick at 90 kHz, as a camera's repeated RTP stamps become
            long t = same.isEmpty() ? p.dtsUs() : same.get(same.size() - 1).dtsUs() + 1;
            same.add(new Packet(t, t, p.durationUs(), p.key(), p.data()));
        }
        Remuxer.Written w = Remuxer.write(new PacketSlice(slice.stream(), same, false), dir.resolve("same.mp4"));
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(w.file().toFile())) {
            g.start();
            int frames = 0;
            while (g.grabImage() != null) {
                frames++;
            }
            assertThat(frames).isEqualTo(same.size());
            g.stop();
        }
    }
}
