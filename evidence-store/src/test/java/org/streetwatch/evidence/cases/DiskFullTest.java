package org.streetwatch.evidence.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.evidence.integrity.Verifier;
import org.streetwatch.evidence.testing.Evidence;
import org.streetwatch.evidence.testing.Tmpfs;

/**
 * A small file system of its own (tmpfs, mounted by the test: it runs as root here and in CI) as the evidence folder,
 * the case database in it too, and more violations than it holds: each one still leaves its row and its manifest.
 */
class DiskFullTest {

    private static final int DISK_MB = 20;
    private static final int VIOLATIONS = 30;

    @TempDir
    Path tmp;
    private Tmpfs tmpfs;
    private Path disk;

    @BeforeEach
    void mount() throws Exception {
        tmpfs = Tmpfs.mount(tmp.resolve("disk"), DISK_MB);
        disk = tmpfs.dir();
    }

    @AfterEach
    void unmount() throws Exception {
        tmpfs.close();
    }

    private static double counter(Evidence ev, String name) {
        return ev.registry.scrape().stream().filter(m -> m.getMetadata().getName().equals(name))
                .map(m -> ((CounterSnapshot) m).getDataPoints().stream().mapToDouble(d -> d.getValue()).sum())
                .findFirst().orElseThrow();
    }

    @Test
    void aFullDiskKeepsARowAndAManifestForEveryViolation() throws Exception {
        // min_free wider than two clips (about 2.4 MB each) that the two writers may have in flight after passing
        // the space check, so that some cases always land between "whole" and "manifest only"
        try (Evidence ev = new Evidence(disk, 6L << 20)) {
            List<Case> cases = ev.record("cam-small-disk", VIOLATIONS);

            assertThat(cases).hasSize(VIOLATIONS);
            assertThat(counter(ev, "streetwatch_case_write_failures")).isZero();
            // what fitted: whole cases first, then cases without clips, then cases down to their manifest
            assertThat(cases).anyMatch(c -> c.evidence().clipStatus().equals("ok"));
            assertThat(cases).anyMatch(c -> c.evidence().clipStatus().equals("missing") && !c.evidence().files().isEmpty());
            assertThat(cases).anyMatch(c -> c.evidence().files().isEmpty());
            long withoutClip = cases.stream().filter(c -> c.evidence().clipStatus().equals("missing")).count();
            long stillsLeftOut = cases.stream().mapToLong(c -> 4 - c.evidence().files().stream()
                    .filter(f -> f.role().startsWith("still")).count()).sum();
            assertThat(counter(ev, "streetwatch_clips_skipped")).isEqualTo(withoutClip);
            assertThat(counter(ev, "streetwatch_stills_skipped")).isEqualTo(stillsLeftOut);
            for (Case c : cases) {
                Path manifest = ev.folder.resolve(c.evidence().dir()).resolve("manifest.json");
                assertThat(manifest).isRegularFile();
                if (c.evidence().files().size() < 5) {
                    assertThat(Files.readString(manifest)).contains("\"not_kept\"");
                }
            }
            assertThat(Verifier.verify(disk, ev.store).problems()).isEmpty();
            // nothing half-written is left for the next start to blame on a crash
            assertThat(ev.folder.sweepStaging()).isZero();
            System.out.printf("%d MB disk, %d violations: %d cases, %d without clip, %d without any still, "
                    + "%d stills left out%n", DISK_MB, VIOLATIONS, cases.size(), withoutClip,
                    cases.stream().filter(c -> c.evidence().files().isEmpty()).count(), stillsLeftOut);
        }
    }
}
