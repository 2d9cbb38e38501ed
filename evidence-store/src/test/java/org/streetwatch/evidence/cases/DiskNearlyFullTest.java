package org.streetwatch.evidence.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.evidence.integrity.Verifier;
import org.streetwatch.evidence.testing.Evidence;

class DiskNearlyFullTest {

    @Test
    void aNearlyFullDiskStopsClipsButTheViolationIsStillRecordedAndFlagged(@TempDir Path dir) throws Exception {
        try (Evidence ev = new Evidence(dir, Long.MAX_VALUE)) { // no disk is that free: always "nearly full"
            List<Case> cases = ev.record("cam-full", 2);
            assertThat(cases).hasSize(2);
            for (Case c : cases) {
                assertThat(c.evidence().clipStatus()).isEqualTo("missing");
                assertThat(c.evidence().files()).extracting(EvidenceFile::role).containsOnly("still", "still_annotated");
            }
            CounterSnapshot skipped = (CounterSnapshot) ev.registry.scrape().stream()
                    .filter(m -> m.getMetadata().getName().equals("streetwatch_clips_skipped")).findFirst().orElseThrow();
            assertThat(skipped.getDataPoints().get(0).getValue()).isEqualTo(2.0);
            assertThat(Verifier.verify(dir, ev.store).problems()).isEmpty();
        }
    }
}
