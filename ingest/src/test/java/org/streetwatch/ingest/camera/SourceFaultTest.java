package org.streetwatch.ingest.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.streetwatch.ingest.testing.FleetHarness.camera;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.ingest.testing.FleetHarness;
import org.streetwatch.ingest.testing.Footage;

/** Broken footage: truncated, corrupted, or not video at all. */
class SourceFaultTest {

    @TempDir
    Path dir;

    private long readOnce(FleetHarness h, String id, Path file) throws Exception {
        h.fleet.apply(List.of(camera(id, file.toString(), null, Camera.Mode.ONCE, 1.0)));
        h.fleet.session(id).orElseThrow().finished().get(60, TimeUnit.SECONDS);
        FleetHarness.await("frames consumed", java.time.Duration.ofSeconds(5),
                () -> h.frames(id) == (long) h.metric("streetwatch_frames_sampled_total", id));
        return h.frames(id);
    }

    @Test
    void aTruncatedFileIsReadUpToWhereItBreaks() throws Exception {
        byte[] whole = Files.readAllBytes(Footage.vtestGop2s());
        Path cut = dir.resolve("truncated.mp4");
        Files.write(cut, Arrays.copyOf(whole, whole.length * 55 / 100));
        try (FleetHarness h = new FleetHarness()) {
            long frames = readOnce(h, "cut", cut);
            assertThat(frames).as("about 55 %% of 80 pictures").isBetween(30L, 55L);
        }
    }

    @Test
    void corruptPacketsAreSkippedAndCountedAndTheStreamRecovers() throws Exception {
        byte[] bytes = Files.readAllBytes(Footage.vtestGop2s());
        for (double at : new double[] {0.3, 0.5, 0.7}) {
            int from = (int) (bytes.length * at);
            Arrays.fill(bytes, from, from + 4096, (byte) 0x5A);
        }
        Path bad = dir.resolve("corrupt.mp4");
        Files.write(bad, bytes);
        try (FleetHarness h = new FleetHarness()) {
            long frames = readOnce(h, "bad", bad);
            assertThat(frames).as("pictures on either side of the damage").isGreaterThanOrEqualTo(70L);
            assertThat(h.metric("streetwatch_decode_errors_total", "bad")
                    + h.metric("streetwatch_packets_corrupt_total", "bad")).isGreaterThanOrEqualTo(1.0);
        }
    }

    @Test
    void aFileThatIsNotVideoFailsWithOneLine() throws Exception {
        byte[] noise = new byte[1 << 20];
        new Random(7).nextBytes(noise);
        Path junk = dir.resolve("junk.mp4");
        Files.write(junk, noise);
        try (FleetHarness h = new FleetHarness()) {
            h.fleet.apply(List.of(camera("junk", junk.toString(), null, Camera.Mode.ONCE, 1.0)));
            assertThatThrownBy(() -> h.fleet.session("junk").orElseThrow().finished().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("cannot open " + junk)
                    .hasMessageNotContaining("\n");
        }
    }
}
