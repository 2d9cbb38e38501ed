package org.streetwatch.review.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.EvidenceFile;

/** A case as the API and {@code streetwatch cases} print it. */
public final class CaseJson {

    private CaseJson() {
    }

    /** Built from the case's records, in the order of keys the page and scripts have always read. */
    public static Map<String, Object> of(Case c) {
        Case.What what = c.what();
        Case.Where where = c.where();
        Case.When when = c.when();
        Case.Evidence evidence = c.evidence();
        Case.Review review = c.review();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("camera", where.camera());
        m.put("district", where.district());
        m.put("rule", what.rule());
        m.put("zone", where.zone());
        m.put("zone_type", where.zoneType());
        m.put("place", where.place());
        m.put("unit", where.unit());
        m.put("start", instant(when.onsetAt()));
        m.put("confirmed", instant(when.confirmedAt()));
        m.put("end", instant(when.endedAt()));
        m.put("status", review.status().key());
        m.put("counts", what.counts());
        m.put("objects", what.objects());
        m.put("clip_status", evidence.clipStatus());
        List<Map<String, Object>> files = new ArrayList<>();
        for (EvidenceFile f : evidence.files()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("name", f.name());
            fm.put("role", f.role());
            fm.put("path", evidence.dir() + "/" + f.name());
            fm.put("url", "/api/cases/" + c.id() + "/files/" + f.name());
            fm.put("sha256", f.sha256());
            fm.put("bytes", f.bytes());
            files.add(fm);
        }
        m.put("files", files);
        m.put("manifest_sha256", evidence.manifestSha256());
        m.put("reviewer", review.reviewer());
        m.put("reason", review.reason());
        m.put("reviewed", instant(review.reviewedAt()));
        m.put("purged", instant(evidence.purgedAt()));
        m.put("provenance", what.provenance());
        m.put("bureau_codes", what.codes());
        m.put("measurements", what.measurements());
        return m;
    }

    private static String instant(Long ms) {
        return ms == null ? null : Instant.ofEpochMilli(ms).toString();
    }
}
