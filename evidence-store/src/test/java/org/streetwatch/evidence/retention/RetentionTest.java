package org.streetwatch.evidence.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.cases.EvidenceFile;
import org.streetwatch.evidence.integrity.CaseLog;
import org.streetwatch.evidence.integrity.Verifier;
import org.streetwatch.evidence.testing.Evidence;

class RetentionTest {

    @Test
    void onlyDecidedAndDeliveredCasesLoseTheirFilesAndVerifyStillPasses(@TempDir Path dir) throws Exception {
        try (Evidence ev = new Evidence(dir)) {
            List<Case> c = ev.record("cam-r", 5);
            ev.reviews.decide(c.get(0).id(), CaseStatus.REJECTED, "li.wei", "false alarm");
            ev.reviews.decide(c.get(1).id(), CaseStatus.CONFIRMED, "li.wei", null);
            ev.reviews.exported(c.get(1).id(), "export:folder", "x.pb");
            ev.reviews.decide(c.get(2).id(), CaseStatus.CONFIRMED, "li.wei", null); // not yet exported
            // c[3], c[4] pending
            Retention r = new Retention(ev.store, ev.folder, ev.log, ev.nearMisses, new Retention.Policy(Duration.ofDays(1), 1),
                    ev.registry);
            long inTwoDays = System.currentTimeMillis() + Duration.ofDays(2).toMillis();
            assertThat(r.runOnce(inTwoDays)).isEqualTo(2);
            assertThat(r.runOnce(inTwoDays)).isZero();

            for (int i = 0; i < 5; i++) {
                Case now = ev.store.get(c.get(i).id()).orElseThrow();
                boolean gone = i < 2;
                assertThat(now.evidence().purgedAt() != null).as("case %d purged", i).isEqualTo(gone);
                for (EvidenceFile f : now.evidence().files()) {
                    assertThat(Files.exists(ev.folder.resolve(now.evidence().dir()).resolve(f.name()))).as("case %d %s", i, f.name())
                            .isEqualTo(!gone);
                }
                assertThat(ev.folder.resolve(now.evidence().dir()).resolve("manifest.json")).as("case %d manifest", i).exists();
            }
            assertThat(ev.store.events(c.get(0).id())).extracting(e -> e.action()).endsWith("purged");
            assertThat(CaseLog.read(dir.resolve(CaseLog.FILE))).filteredOn(e -> e.event().equals("purged")).hasSize(2);
            // a budget of one byte cannot touch pending or unexported cases, however far over it is
            assertThat(ev.store.retainedBytes()).isGreaterThan(1);
            assertThat(Verifier.verify(dir, ev.store).problems()).isEmpty();

            // the signed manifest stays: a purged case's row is still held against it
            try (java.sql.Connection con = ev.db.connection(); java.sql.Statement st = con.createStatement()) {
                st.executeUpdate("UPDATE cases SET camera = 'forged-cam' WHERE id = '" + c.get(0).id() + "'");
            }
            assertThat(Verifier.verify(dir, ev.store).problems()).containsExactly("case " + c.get(0).id()
                    + ": camera in the database is 'forged-cam', the signed manifest says 'cam-r' (row edited?)");
        }
    }
}
