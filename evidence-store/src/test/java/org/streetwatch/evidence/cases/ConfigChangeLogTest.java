package org.streetwatch.evidence.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.evidence.integrity.CaseLog;
import org.streetwatch.evidence.integrity.Verifier;
import org.streetwatch.evidence.testing.Evidence;

/**
 * The case log also records config changes made from the review page (subject "config", event "config_changed"):
 * they must not stop the next start from catching up decisions, nor make verify complain.
 */
class ConfigChangeLogTest {

    @TempDir
    Path dir;

    @Test
    void aLoggedConfigChangeIsNoDecisionToCatchUp() throws Exception {
        try (Evidence ev = new Evidence(dir)) {
            List<Case> cases = ev.record("cam-1", 1);
            ev.log.append(new CaseLog.Change("config", "config_changed", "ab".repeat(32), "wang.fang", null,
                    System.currentTimeMillis()));
            ev.reviews.decide(cases.get(0).id(), CaseStatus.CONFIRMED, "li.wei", "");
            ev.log.append(new CaseLog.Change("config", "config_changed", "cd".repeat(32), "wang.fang", null,
                    System.currentTimeMillis()));

            assertThat(ev.reviews.catchUp(dir.resolve(CaseLog.FILE))).isZero();
            Verifier.Report report = Verifier.verify(dir, ev.store);
            assertThat(report.problems()).isEmpty();
            assertThat(report.logEntries()).isEqualTo(4);
        }
    }
}
