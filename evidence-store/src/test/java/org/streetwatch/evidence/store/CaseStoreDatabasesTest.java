package org.streetwatch.evidence.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.cases.Reviews;
import org.streetwatch.evidence.integrity.Verifier;
import org.streetwatch.evidence.testing.Evidence;

/**
 * The same store code on SQLite and on a real PostgreSQL server. The server comes from {@code STREETWATCH_TEST_PG_URL}
 * (with {@code _USER}, {@code _PASSWORD}); {@code .ci/run} starts one. Under CI it must be there.
 */
class CaseStoreDatabasesTest {

    @ParameterizedTest
    @MethodSource(Evidence.DATABASES)
    void casesReviewsAndTalliesBehaveTheSame(String kind, @TempDir Path dir) throws Exception {
        try (Evidence ev = Evidence.open(kind, dir)) {
            List<Case> c = ev.record("cam-" + kind, 4);
            assertThat(ev.store.count(CaseQuery.all())).isEqualTo(4);
            Reviews reviews = ev.reviews;
            reviews.decide(c.get(0).id(), CaseStatus.CONFIRMED, "li.wei", null);
            reviews.decide(c.get(1).id(), CaseStatus.REJECTED, "li.wei", "false alarm");
            reviews.exported(c.get(0).id(), "export:folder", "a.pb");
            assertThatThrownBy(() -> reviews.decide(c.get(0).id(), CaseStatus.REJECTED, "li.wei", "late"))
                    .hasMessageContaining("exported case cannot become rejected");

            List<Case> pending = ev.store.list(new CaseQuery(CaseStatus.PENDING, null, null, null, null, 10, 0, true));
            assertThat(pending).extracting(Case::id).containsExactly(c.get(2).id(), c.get(3).id());
            assertThat(ev.store.rejectedSince(0)).extracting(Case::id).containsExactly(c.get(1).id());
            assertThat(ev.store.tally(null, null)).extracting(CaseStore.Tally::count).containsOnly(1, 2);
            assertThat(ev.store.get(c.get(2).id()).orElseThrow().what().measurements()).containsEntry("dwell_s", 180.5);
            String camera = "cam-" + kind;
            assertThat(ev.store.breakdown(CaseStore.Breakdown.ZONE, 0, null, null, null))
                    .extracting(CaseStore.Count::first, CaseStore.Count::second, CaseStore.Count::status,
                            CaseStore.Count::count)
                    .containsExactlyInAnyOrder(tuple(camera, "plaza", CaseStatus.EXPORTED, 1),
                            tuple(camera, "plaza", CaseStatus.REJECTED, 1), tuple(camera, "plaza", CaseStatus.PENDING, 2));
            assertThat(ev.store.breakdown(CaseStore.Breakdown.REASON, 0, null, null, null))
                    .contains(new CaseStore.Count("street_vending", "false alarm", CaseStatus.REJECTED, 1));
            long eightHours = 8 * 3_600_000L;
            assertThat(ev.store.breakdown(CaseStore.Breakdown.DAY, eightHours, null, null, null))
                    .extracting(CaseStore.Count::second).containsOnly(c.stream()
                            .map(x -> Long.toString((x.when().confirmedAt() + eightHours) / 86_400_000L)).distinct()
                            .toArray(String[]::new));
            var history = org.streetwatch.evidence.tuning.History.read(ev.store, ev.nearMisses,
                    new org.streetwatch.evidence.tuning.History.Filter("street_vending", null, null, null));
            assertThat(history.get(new org.streetwatch.evidence.tuning.History.Place("street_vending", camera, "plaza"))
                    .decided()).extracting(org.streetwatch.evidence.tuning.Tuning.Decided::confirmed)
                    .as("exported is confirmed; pending ones are not decided").containsExactlyInAnyOrder(true, false);
            List<String> all = new ArrayList<>();
            ev.store.forEachRow(row -> all.add(row.get("id")));
            assertThat(all).containsExactlyElementsOf(c.stream().map(Case::id).toList());
            assertThat(ev.store.events(c.get(0).id())).extracting(CaseStore.Event::action)
                    .containsExactly("created", "confirmed", "exported");
            assertThat(ev.store.get(c.get(2).id()).orElseThrow().where().appearance()).containsExactly(0.1f, 0.2f, 0.7f);

            assertThat(Verifier.verify(dir, ev.store).problems()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource(Evidence.DATABASES)
    void dispositionsRechecksAndUnitStatsBehaveTheSame(String kind, @TempDir Path dir) throws Exception {
        try (Evidence ev = Evidence.open(kind, dir)) {
            ev.unit = "shop-9";
            List<Case> c = ev.record("cam-" + kind, 2);
            org.streetwatch.evidence.disposition.Dispositions d =
                    new org.streetwatch.evidence.disposition.Dispositions(ev.reviews);
            for (Case x : c) {
                ev.reviews.decide(x.id(), CaseStatus.CONFIRMED, "li.wei", null);
            }
            ev.reviews.exported(c.get(0).id(), "export:folder", "ok");
            for (CaseStatus step : List.of(CaseStatus.DISPATCHED, CaseStatus.HANDLED, CaseStatus.HANDLED)) {
                d.apply(new org.streetwatch.evidence.disposition.Disposition(c.get(0).id(), step, "t", null, null), "x");
            }
            new org.streetwatch.evidence.cases.RecheckRecorder(ev.folder, ev.signer, ev.reviews)
                    .record(c.get(0).id(), List.of(), null);
            List<CaseStore.UnitTally> units = ev.store.units(null, null, null);
            assertThat(units).hasSize(1);
            assertThat(units.get(0).cases()).isEqualTo(2);
            assertThat(units.get(0).repeats()).isEqualTo(1);
            assertThat(units.get(0).handled()).isEqualTo(1);
            assertThat(units.get(0).verified()).isEqualTo(1);
            assertThat(units.get(0).meanToVerifiedS()).isNotNull();
            assertThat(ev.store.units(null, null, java.util.Set.of("elsewhere"))).isEmpty();
            org.streetwatch.evidence.disposition.DispositionRejects rejects =
                    new org.streetwatch.evidence.disposition.DispositionRejects(ev.db);
            assertThat(rejects.add("t-0@1", null, "not a Disposition", 1L)).isTrue();
            assertThat(rejects.add("t-0@1", null, "not a Disposition", 2L)).isFalse();
            assertThat(rejects.count()).isEqualTo(1);
            assertThat(Verifier.verify(ev.root, ev.store).problems()).isEmpty();
        }
    }
}
