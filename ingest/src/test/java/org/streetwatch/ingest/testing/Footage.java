package org.streetwatch.ingest.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.streetwatch.ingest.clip.Remuxer;
import org.streetwatch.ingest.packet.Packet;
import org.streetwatch.ingest.packet.PacketRing;
import org.streetwatch.ingest.packet.PacketSlice;
import org.streetwatch.ingest.source.CameraClock;
import org.streetwatch.ingest.source.CameraFootage;
import org.streetwatch.ingest.source.PacketSource;

/** Test footage derived from ../shared, cached under the build's target folder. */
public final class Footage {

    private Footage() {
    }

    /** vtest (PETS09 S2L1, 768x576, 10 fps) as a camera would send it: H.264 with a 2 s GOP at 1 Mbit/s. */
    public static synchronized Path vtestGop2s() {
        Path src = SharedData.video("vtest.avi");
        Path out = cache().resolve("vtest_gop2s.mp4");
        try {
            return CameraFootage.h264(src, out, 2.0, 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * vtestGop2s played {@code loops} times back to back: a camera that does not end during a test. The RTSP server
     * streams files once, so tests use this.
     */
    public static synchronized Path vtestLong(int loops) {
        return looped(vtestGop2s(), loops);
    }

    /**
     * An MP4 played {@code loops} times back to back (remuxed, timestamps continued), cached beside it as
     * {@code NAME_xLOOPS.mp4}.
     */
    public static synchronized Path looped(Path file, int loops) {
        String name = file.getFileName().toString().replaceFirst("\\.mp4$", "");
        Path out = file.resolveSibling(name + "_x" + loops + ".mp4");
        if (Files.isRegularFile(out) && out.toFile().lastModified() >= file.toFile().lastModified()) {
            return out;
        }
        try {
            PacketSlice once = packets(file);
            List<Packet> packets = once.packets();
            double fps = once.stream().frameRate() > 0 ? once.stream().frameRate() : 10;
            long span = packets.get(packets.size() - 1).dtsUs() + Math.round(1e6 / fps); // one frame after the last
            List<Packet> all = new ArrayList<>();
            for (int i = 0; i < loops; i++) {
                for (Packet p : packets) {
                    all.add(new Packet(p.ptsUs() + i * span, p.dtsUs() + i * span, p.durationUs(), p.key(), p.data()));
                }
            }
            Path tmp = out.resolveSibling(out.getFileName() + ".part.mp4");
            Remuxer.write(new PacketSlice(once.stream(), all, false), tmp);
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** vtest as an H.265 camera (x265, 2 s GOP), made once with GStreamer. */
    public static synchronized Path vtestH265() {
        try {
            return RtspServer.transcodeH265(vtestGop2s(), cache().resolve("vtest_h265_gop2s.mp4"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every packet of a file on the camera timeline, as a camera thread would append them to its ring. */
    public static PacketSlice packets(Path file) throws IOException {
        List<Packet> out = new ArrayList<>();
        try (PacketSource src = PacketSource.open(file.toString(), Duration.ofSeconds(5))) {
            CameraClock clock = new CameraClock(false, 0);
            PacketSource.Read r;
            while ((r = src.read(Duration.ofSeconds(5))) != null) {
                long[] t = clock.map(r.ptsUs(), r.dtsUs(), 0);
                out.add(new Packet(t[0], t[1], r.durationUs(), r.key(), r.data()));
            }
            return new PacketSlice(src.info(), out, false);
        }
    }

    /** A camera's ring holding a whole file, its stream ended (slices complete at once). */
    public static PacketRing ring(Path file) throws IOException {
        PacketSlice all = packets(file);
        PacketRing ring = new PacketRing(Long.MAX_VALUE / 4, Long.MAX_VALUE / 4);
        ring.stream(all.stream());
        all.packets().forEach(ring::append);
        ring.end();
        return ring;
    }

    /** Shared by all modules of one checkout: {@code <repo>/target/test-footage}. */
    public static Path cache() {
        String dir = System.getProperty("streetwatch.testcache");
        return dir != null ? Path.of(dir) : Path.of(System.getProperty("java.io.tmpdir"), "streetwatch-test-footage");
    }
}
