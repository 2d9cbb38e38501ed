package org.streetwatch.evidence.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.evidence.integrity.CaseLog;
import org.streetwatch.evidence.integrity.ConfigChange;
import org.streetwatch.evidence.integrity.Verifier;
import org.streetwatch.evidence.testing.Evidence;

/**
 * The case log also records config changes made from the review page (subject "config", event "config_changed"):
 * they must not stop the next start from catching up decisions, nor make verify complain; verify checks their form
 * and that the versions they record follow one another.
 */
class ConfigChangeLogTest {

    @TempDir
    Path dir;

    @Test
    void aLoggedConfigChangeIsNoDecisionToCatchUp() throws Exception {
        try (Evidence ev = new Evidence(dir)) {
            List<Case> cases = ev.record("cam-1", 1);
            ev.log.append(change("zones of camera cam-1", "aa", "ab"));
            ev.reviews.decide(cases.get(0).id(), CaseStatus.CONFIRMED, "li.wei", "");
            ev.log.append(change("zones of camera cam-1", "ab", "cd"));

            assertThat(ev.reviews.catchUp(dir.resolve(CaseLog.FILE))).isZero();
            Verifier.Report report = Verifier.verify(dir, ev.store);
            assertThat(report.problems()).isEmpty();
            assertThat(report.logEntries()).isEqualTo(4);
        }
    }

    /** Each entry of one change shares its versions; the next change starts from the version the last one left. */
    @Test
    void verifyNamesAConfigChangeWhoseDetailIsNotOneAndAVersionThatDoesNotFollow() throws Exception {
        try (Evidence ev = new Evidence(dir)) {
            ev.log.append(change("cameras.c.zones.z.rules.street_vending.dwell_s: 180 -> 120", "aa", "ab"));
            ev.log.append(change("cameras.c.zones.z.rules.street_vending.min_people: 1 -> 2", "aa", "ab"));
            ev.log.append(change("zones of camera c", "ab", "cd"));
            assertThat(Verifier.verify(dir, ev.store).problems()).isEmpty();

            ev.log.append(change("cameras.c.zones.z.rules.street_vending.dwell_s: 120 -> 60", "ee", "ef"));
            ev.log.append(new CaseLog.Change(ConfigChange.SUBJECT, ConfigChange.EVENT, "ab".repeat(32), "file",
                    "dwell_s lowered", System.currentTimeMillis()));
            assertThat(Verifier.verify(dir, ev.store).problems()).containsExactly(
                    "case log entry 4 (config change): changes config eeeeeeeeeeee... but the change before it left "
                            + "config cdcdcdcdcdcd... (a config change removed or edited?)",
                    "case log entry 5 (config change): its detail is not 'SETTING: OLD -> NEW; config was SHA-256' "
                            + "with the new SHA-256 (edited?)");
        }
    }

    private static CaseLog.Change change(String what, String from, String to) {
        return new ConfigChange(what, from.repeat(32), to.repeat(32)).entry("wang.fang", System.currentTimeMillis());
    }
}
