package org.streetwatch.evidence.nearmiss;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.evidence.retention.Retention;
import org.streetwatch.evidence.testing.Evidence;
import org.streetwatch.violation.NearMiss;

/** Near misses as rows of the real case database: bounded per camera and rule, removed by age, listed by district. */
class NearMissesTest {

    private static final long DAY = 86_400_000L;

    private static NearMisses.Row miss(String camera, String district, long ptsS, long at) {
        return new NearMisses.Row(camera, "waste_water", "drain-1", ptsS * 1_000_000, at, district,
                "a dark patch appeared with nobody near", Map.of("min_area", 0.02, "persist_s", 20.0),
                Map.of("min_area", 0.01));
    }

    @Test
    void eachCameraAndRuleKeepsItsNewestRowsOnlyAndTheSameNearMissIsStoredOnce(@TempDir Path dir) throws Exception {
        try (Evidence ev = new Evidence(dir)) {
            NearMisses misses = new NearMisses(ev.db, 3);
            for (int i = 1; i <= 5; i++) {
                misses.record(miss("cam-a", "A", i, 1_000L * i));
            }
            misses.record(miss("cam-a", "A", 5, 5_000L));
            misses.record(miss("cam-b", "B", 1, 500L));

            List<NearMisses.Row> a = misses.list(null, "cam-a", null, 100);
            assertThat(a).extracting(NearMisses.Row::at).containsExactly(5_000L, 4_000L, 3_000L);
            assertThat(a.get(0).params()).containsEntry("persist_s", 20.0);
            assertThat(a.get(0).measurements()).containsEntry("min_area", 0.01);
            assertThat(misses.list(null, null, null, 100)).hasSize(4);
        }
    }

    @Test
    void retentionRemovesOldOnesAndAListShowsOnlyTheViewersDistricts(@TempDir Path dir) throws Exception {
        try (Evidence ev = new Evidence(dir)) {
            NearMisses misses = new NearMisses(ev.db, 100);
            long now = System.currentTimeMillis();
            misses.record(miss("cam-a", "A", 1, now - 40 * DAY));
            misses.record(miss("cam-a", "A", 2, now - DAY));
            misses.record(miss("cam-b", "B", 1, now - DAY));

            assertThat(misses.purgeBefore(now - 30 * DAY)).isEqualTo(1);
            assertThat(misses.list(Set.of("A"), null, null, 100)).extracting(NearMisses.Row::camera)
                    .containsExactly("cam-a");
            assertThat(misses.list(Set.of(), null, null, 100)).isEmpty();
            assertThat(misses.list(null, null, null, 100)).hasSize(2);
        }
    }

    @Test
    void aRulesNearMissReachesTheStoreThroughTheRecorderAndRetentionRemovesItWithAge(@TempDir Path dir)
            throws Exception {
        try (Evidence ev = new Evidence(dir)) {
            long now = System.currentTimeMillis();
            for (int i = 1; i <= 5; i++) {
                ev.nearMiss(new NearMiss("cam-n", "waste_water_dumping", "drain-1", i * 1_000_000L, now - 40 * DAY + i,
                        "a dark patch appeared with nobody near", Map.of("min_area", 0.2)).withParams(Map.of("persist_s", 8.0)));
            }
            List<NearMisses.Row> kept = ev.nearMisses.list(null, "cam-n", null, 100);
            assertThat(kept).as("bounded to the newest %d", Evidence.NEAR_MISSES_KEPT).hasSize(Evidence.NEAR_MISSES_KEPT);
            assertThat(kept.get(0).district()).isEqualTo("main");
            assertThat(kept.get(0).params()).containsEntry("persist_s", 8.0);

            new Retention(ev.store, ev.folder, ev.log, ev.nearMisses, new Retention.Policy(Duration.ofDays(30), 0),
                    ev.registry).runOnce(now);
            assertThat(ev.nearMisses.list(null, "cam-n", null, 100)).isEmpty();
        }
    }
}
