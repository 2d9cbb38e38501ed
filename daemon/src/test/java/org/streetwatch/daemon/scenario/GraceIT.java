package org.streetwatch.daemon.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.daemon.wiring.Daemon;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.integrity.Verifier;
import org.streetwatch.evidence.store.CaseQuery;
import org.streetwatch.ingest.testing.SharedData;
import org.streetwatch.violation.Violation;

/**
 * The grace stage for a 门前三包 unit on scenario footage through the real model and pipeline: a vendor in front of
 * shop-12 is first a warned case for the unit, and the violation case follows only once the vendor has stayed the
 * grace period longer.
 */
class GraceIT {

    private static final double DWELL_S = 20;
    private static final double GRACE_S = 10;

    @TempDir
    Path dir;

    @Test
    void aVendorWhoStaysPastTheGraceIsWarnedFirstThenReported() throws Exception {
        Path cfg = dir.resolve("streetwatch.yaml");
        Files.writeString(cfg, (Scenes.CONFIG_HEAD + """
                rules:
                  street_vending: {dwell_s: DWELL, cooldown_s: 10, prop_kinds: [vending_prop, stall, bicycle]}
                cameras:
                  - id: scene
                    url: "VIDEO"
                    start_time: "2026-11-27T10:00:00+08:00"
                    sample_interval_s: 1
                    zones:
                      - {id: shopfront, type: no_vending, unit: shop-12,
                         polygon: [[0.45, 0.6], [1, 0.6], [1, 1], [0.45, 1]], rules: {street_vending: {grace_s: GRACE}}}
                """).replace("MODELS", SharedData.models().toString())
                .replace("VIDEO", Scenes.vending("vending", 4).toString()).replace("DWELL", Double.toString(DWELL_S))
                .replace("GRACE", Double.toString(GRACE_S)));
        try (Daemon d = Daemon.start(ConfigLoader.load(cfg), true)) {
            d.awaitFilesDone(Duration.ofMinutes(5));
            List<Case> cases = d.store().list(CaseQuery.all()).stream()
                    .sorted(Comparator.comparing((Case c) -> c.when().confirmedAt())).toList();
            assertThat(cases).hasSize(2);
            Case warning = cases.get(0);
            Case violation = cases.get(1);
            assertThat(Violation.warning(warning.violationId())).isTrue();
            assertThat(warning.review().status()).isEqualTo(CaseStatus.WARNED);
            assertThat(warning.where().unit()).isEqualTo("shop-12");
            assertThat(violation.review().status()).isEqualTo(CaseStatus.PENDING);
            double apartS = (violation.when().confirmedAt() - warning.when().confirmedAt()) / 1000.0;
            assertThat(apartS).as("the violation follows the warning by the grace period")
                    .isBetween(GRACE_S, GRACE_S + 1);
            assertThat(Verifier.verify(ConfigLoader.load(cfg).evidenceDir(), d.store())
                    .problems()).isEmpty();
        }
    }
}
