package org.streetwatch.review.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.cases.EvidenceFile;

/** The API's case, built from the records' components, keeps the keys and their order the page has always read. */
class CaseJsonTest {

    @Test
    void showsTheKeysThePageReadsInTheirOrder() {
        Case c = new Case("20260101-000000-000-aaaaaa", "v-1",
                new Case.What("street_vending", Map.of("person", 2), List.of("person#1"), null, null, null),
                new Case.Where("cam-1", "north", "plaza", "no_vending", "Road 1", null, null, null),
                new Case.When(1_000L, 2_000L, null, 4_000L),
                new Case.Evidence("cases/x", List.of(new EvidenceFile("clip.mp4", "clip", "11", 10)), "ok", "ff",
                        null),
                new Case.Review(CaseStatus.CONFIRMED, "li.wei", null, 6_000L));
        Map<String, Object> m = CaseJson.of(c);
        assertThat(m.keySet()).containsExactly("id", "camera", "district", "rule", "zone", "zone_type", "place",
                "unit", "start", "confirmed", "end", "status", "counts", "objects", "clip_status", "files",
                "manifest_sha256", "reviewer", "reason", "reviewed", "purged", "provenance", "bureau_codes",
                "measurements");
        assertThat(m).containsEntry("start", "1970-01-01T00:00:01Z").containsEntry("end", null)
                .containsEntry("status", "confirmed").containsEntry("reviewed", "1970-01-01T00:00:06Z");
        assertThat(m.get("files")).isEqualTo(List.of(Map.of("name", "clip.mp4", "role", "clip", "path",
                "cases/x/clip.mp4", "url", "/api/cases/20260101-000000-000-aaaaaa/files/clip.mp4", "sha256", "11",
                "bytes", 10L)));
    }
}
