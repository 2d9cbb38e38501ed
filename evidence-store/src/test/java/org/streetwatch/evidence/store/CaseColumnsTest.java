package org.streetwatch.evidence.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.cases.EvidenceFile;
import org.streetwatch.evidence.testing.Evidence;
import org.streetwatch.violation.BureauCodes;
import org.streetwatch.violation.Provenance;

/** The one mapping of columns to records: every component of a case goes into its row and comes back the same. */
class CaseColumnsTest {

    @ParameterizedTest
    @MethodSource(Evidence.DATABASES)
    void everyRecordComponentRoundTripsThroughItsColumn(String kind, @TempDir Path dir) throws Exception {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("dwell_s", 180.0);
        params.put("classes", List.of("person", "stall"));
        Case full = new Case("20260101-000000-000-aaaaaa", "v-1",
                new Case.What("street_vending", Map.of("person", 2, "bicycle:meituan", 1), List.of("person#1"),
                        Map.of("dwell_s", 181.5), new Provenance("yolo", "ab", params, "cd", "1.0", -7L),
                        new BureauCodes("05", "0501", "grid", 120.1, 30.2)),
                new Case.Where("cam-1", "north", "plaza", "no_vending", "Road 1", "shop-1",
                        new float[] {0.1f, 0.2f, 0.3f, 0.4f}, new float[] {0.5f, 0.6f, 0.7f}),
                new Case.When(1_000L, 2_000L, 3_000L, 4_000L),
                new Case.Evidence("cases/2026/01/01/20260101-000000-000-aaaaaa",
                        List.of(new EvidenceFile("clip.mp4", "clip", "11", 10), new EvidenceFile("still-1.jpg",
                                "still", "22", 5)), "truncated", "ff", 5_000L),
                new Case.Review(CaseStatus.REJECTED, "li.wei", "licensed", 6_000L));
        Case bare = new Case("20260101-000000-001-bbbbbb", "v-2",
                new Case.What("misparked_bikes", Map.of(), List.of(), null, null, null),
                new Case.Where("cam-2", null, "kerb", "no_parking", null, null, null, null),
                new Case.When(1_000L, 2_000L, null, 4_000L),
                new Case.Evidence("cases/2026/01/01/20260101-000000-001-bbbbbb", List.of(), "missing", "ee", null),
                Case.Review.PENDING);
        try (Evidence ev = Evidence.open(kind, dir)) {
            for (Case c : List.of(full, bare)) {
                assertThat(ev.store.insert(c, "test")).isTrue();
                assertThat(ev.store.get(c.id())).contains(c);
            }
            assertThat(ev.store.insert(full, "test")).as("a second case of the same violation").isFalse();
            List<Map<String, String>> rows = new ArrayList<>();
            ev.store.forEachRow(rows::add);
            assertThat(rows.get(0)).containsEntry(CaseColumns.EVIDENCE_BYTES.name(), "15")
                    .containsKeys(CaseColumns.ALL.stream().map(CaseColumns.Column::name).toArray(String[]::new));
            for (CaseColumns.Column<?> col : CaseColumns.ALL) {
                assertThat(parsedBack(col, rows.get(0), full)).as(col.name()).isTrue();
            }
        }
    }

    /** The verifier's view: a column's text as the database holds it parses to the record's value. */
    private static <T> boolean parsedBack(CaseColumns.Column<T> col, Map<String, String> row, Case c) {
        return java.util.Objects.deepEquals(col.parse(row.get(col.name())), col.value().apply(c));
    }
}
