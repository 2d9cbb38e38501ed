package org.streetwatch.review.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseFields;
import org.streetwatch.evidence.cases.CaseKey;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.cases.EvidenceFile;

/** A case as the API and {@code streetwatch cases} print it: every value of its records the API shows. */
public final class CaseJson {

    /** The keys the page and scripts have always read, in their order; a value added since follows them. */
    private static final List<String> KEYS = List.of("id", "camera", "district", "rule", "zone", "zone_type", "place",
            "unit", "start", "confirmed", "end", "status", "counts", "objects", "clip_status", "files",
            "manifest_sha256", "reviewer", "reason", "reviewed", "purged", "provenance", "bureau_codes",
            "measurements");

    private CaseJson() {
    }

    public static Map<String, Object> of(Case c) {
        Map<String, Object> all = new LinkedHashMap<>();
        for (CaseFields.Field f : CaseFields.ALL) {
            if (!f.api().equals(CaseKey.HIDDEN)) {
                all.put(f.api(), shown(f, f.value(c)));
            }
        }
        all.put("files", files(c));
        Map<String, Object> m = new LinkedHashMap<>();
        for (String key : KEYS) {
            m.put(key, all.remove(key));
        }
        m.putAll(all);
        return m;
    }

    private static Object shown(CaseFields.Field f, Object v) {
        if (v == null) {
            return null;
        } else if (f.time()) {
            return Instant.ofEpochMilli((Long) v).toString();
        }
        return v instanceof CaseStatus s ? s.key() : v;
    }

    /** Its files, each with its path and the URL to fetch it. */
    private static List<Map<String, Object>> files(Case c) {
        List<Map<String, Object>> files = new ArrayList<>();
        for (EvidenceFile f : c.evidence().files()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("name", f.name());
            fm.put("role", f.role());
            fm.put("path", c.evidence().dir() + "/" + f.name());
            fm.put("url", "/api/cases/" + c.id() + "/files/" + f.name());
            fm.put("sha256", f.sha256());
            fm.put("bytes", f.bytes());
            files.add(fm);
        }
        return files;
    }
}
