package org.streetwatch.evidence.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.export.proto.CaseReport;
import org.streetwatch.evidence.integrity.Signer;
import org.streetwatch.evidence.integrity.Verifier;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.testing.Evidence;
import tools.jackson.databind.json.JsonMapper;

/**
 * A grace period's first sighting: a warned case for the responsible unit, signed as a warning, exported as a
 * warning without a reviewer, and counted per unit apart from its violations.
 */
class GraceWarningTest {

    @TempDir
    Path dir;

    @Test
    void aWarningIsAWarnedCaseExportedAsAWarning() throws Exception {
        try (Evidence ev = new Evidence(dir.resolve("evidence"))) {
            ev.unit = "shop-12";
            ev.warnings = true;
            Case w = ev.record("cam-g", 1).get(0);
            assertThat(w.review().status()).isEqualTo(CaseStatus.WARNED);
            assertThat(ev.store.events(w.id())).extracting(CaseStore.Event::action).containsExactly("created", "warned");
            assertThat(JsonMapper.builder().build().readTree(ev.folder.resolve(w.evidence().dir()).resolve("manifest.json")
                    .toFile()).path("warning").asBoolean()).isTrue();
            // a reviewer's decision is not what a warning waits for
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ev.reviews.decide(w.id(), CaseStatus.CONFIRMED,
                    "li.wei", null)).isInstanceOf(CaseStore.TransitionException.class);
            ev.warnings = false;
            Case v = ev.record("cam-g", 1).get(0); // the violation that followed the grace period
            ev.reviews.decide(v.id(), CaseStatus.CONFIRMED, "li.wei", null);

            Path out = dir.resolve("export");
            try (Exporter ex = new Exporter(ev.reviews, new CaseReports(ev.folder,
                    Signer.fingerprint(ev.signer.publicKey())), new FolderSink(out), Duration.ofMillis(200),
                    Duration.ofSeconds(2), new io.prometheus.metrics.model.registry.PrometheusRegistry())) {
                ex.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (ev.store.get(w.id()).orElseThrow().review().status() != CaseStatus.EXPORTED
                        || ev.store.get(v.id()).orElseThrow().review().status() != CaseStatus.EXPORTED) {
                    assertThat(System.nanoTime()).as("both exported in time").isLessThan(deadline);
                    Thread.sleep(50);
                }
            }
            assertThat(CaseReport.parseFrom(Files.readAllBytes(out.resolve(w.id() + ".pb"))).getWarning()).isTrue();
            assertThat(CaseReport.parseFrom(Files.readAllBytes(out.resolve(v.id() + ".pb"))).getWarning()).isFalse();
            CaseStore.UnitTally unit = ev.store.units(null, null, null).get(0);
            assertThat(unit.warnings()).isEqualTo(1);
            assertThat(unit.cases()).isEqualTo(1);
            assertThat(unit.repeats()).isZero();
            assertThat(ev.store.tally(null, null)).extracting(CaseStore.Tally::count).containsExactly(1); // no warning
            assertThat(Verifier.verify(ev.root, ev.store).problems()).isEmpty();
        }
    }
}
