package org.streetwatch.evidence.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The records' components as the one list of a case's values, named as columns and keys always were. */
class CaseFieldsTest {

    @Test
    void namesEveryValueAsItsColumnAlwaysWas() {
        assertThat(CaseFields.ALL).extracting(CaseFields.Field::name).containsExactly("id", "violation_id", "rule",
                "counts", "objects", "measurements", "provenance", "bureau_codes", "camera", "district", "zone",
                "zone_type", "place", "unit", "area", "appearance", "onset_at", "confirmed_at", "ended_at",
                "created_at", "dir", "files", "clip_status", "manifest_sha256", "purged_at", "status", "reviewer",
                "reason", "reviewed_at");
        assertThat(CaseFields.ALL.stream().filter(f -> f.source() == CaseKey.Source.LOG).map(CaseFields.Field::name))
                .containsExactly("ended_at", "created_at", "manifest_sha256", "purged_at", "status", "reviewer",
                        "reason", "reviewed_at");
        assertThat(CaseFields.ALL.stream().filter(CaseFields.Field::time).map(CaseFields.Field::name))
                .containsExactly("onset_at", "confirmed_at", "ended_at", "created_at", "purged_at", "reviewed_at");
        assertThat(CaseFields.of(Case.When.class)).extracting(CaseFields.Field::api)
                .containsExactly("start", "confirmed", "end", CaseKey.HIDDEN);
    }

    @Test
    void buildsACaseBackFromItsValues() {
        Case c = new Case("20260101-000000-000-aaaaaa", "v-1",
                new Case.What("street_vending", Map.of("person", 2), List.of("person#1"), Map.of("dwell_s", 1.5),
                        null, null),
                new Case.Where("cam-1", "north", "plaza", "no_vending", null, null, new float[] {0.1f, 0.2f, 0.3f,
                    0.4f}, new float[] {0.5f}),
                new Case.When(1_000L, 2_000L, null, 4_000L),
                new Case.Evidence("cases/x", List.of(new EvidenceFile("clip.mp4", "clip", "11", 10)), "ok", "ff",
                        null),
                new Case.Review(CaseStatus.REJECTED, "li.wei", "licensed", 6_000L));
        assertThat(CaseFields.build(f -> f.value(c))).isEqualTo(c);
        assertThat(CaseFields.build(Case.When.class, f -> f.in(c.when()))).isEqualTo(c.when());
    }
}
