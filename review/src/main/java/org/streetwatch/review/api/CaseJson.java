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

    public static Map<String, Object> of(Case c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("camera", c.camera());
        m.put("district", c.district());
        m.put("rule", c.rule());
        m.put("zone", c.zone());
        m.put("zone_type", c.zoneType());
        m.put("place", c.place());
        m.put("unit", c.unit());
        m.put("start", instant(c.onsetAt()));
        m.put("confirmed", instant(c.confirmedAt()));
        m.put("end", c.endedAt() == null ? null : instant(c.endedAt()));
        m.put("status", c.status().key());
        m.put("counts", c.counts());
        m.put("objects", c.objects());
        m.put("clip_status", c.clipStatus());
        List<Map<String, Object>> files = new ArrayList<>();
        for (EvidenceFile f : c.files()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("name", f.name());
            fm.put("role", f.role());
            fm.put("path", c.dir() + "/" + f.name());
            fm.put("url", "/api/cases/" + c.id() + "/files/" + f.name());
            fm.put("sha256", f.sha256());
            fm.put("bytes", f.bytes());
            files.add(fm);
        }
        m.put("files", files);
        m.put("manifest_sha256", c.manifestSha256());
        m.put("reviewer", c.reviewer());
        m.put("reason", c.reason());
        m.put("reviewed", c.reviewedAt() == null ? null : instant(c.reviewedAt()));
        m.put("purged", c.purgedAt() == null ? null : instant(c.purgedAt()));
        m.put("provenance", c.provenance());
        m.put("bureau_codes", c.codes());
        m.put("measurements", c.measurements());
        return m;
    }

    private static String instant(long ms) {
        return Instant.ofEpochMilli(ms).toString();
    }
}
