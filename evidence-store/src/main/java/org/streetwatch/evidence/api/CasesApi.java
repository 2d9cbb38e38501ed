package org.streetwatch.evidence.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.cases.EvidenceFile;
import org.streetwatch.evidence.http.Request;
import org.streetwatch.evidence.http.Response;
import org.streetwatch.evidence.http.Router;
import org.streetwatch.evidence.store.CaseQuery;
import org.streetwatch.evidence.store.CaseStore;

/** The JSON API over cases: {@code GET /api/cases} (filters: status, camera, rule, from, to, limit, offset). */
public final class CasesApi {

    private final CaseStore store;

    public CasesApi(CaseStore store) {
        this.store = store;
    }

    public void register(Router router) {
        router.get("/api/cases", this::list);
        router.get("/api/cases/{id}", this::one);
    }

    private Response list(Request r) throws Exception {
        CaseQuery q;
        try {
            q = query(r);
        } catch (IllegalArgumentException e) {
            return Response.error(400, e.getMessage());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Case c : store.list(q)) {
            out.add(json(c));
        }
        return Response.json(Map.of("cases", out, "limit", q.limit(), "offset", q.offset()));
    }

    private Response one(Request r) throws Exception {
        return store.get(r.param("id")).map(c -> Response.json(json(c)))
                .orElseGet(() -> Response.error(404, "no such case"));
    }

    static CaseQuery query(Request r) {
        CaseStatus status = null;
        if (r.query("status") != null) {
            try {
                status = CaseStatus.of(r.query("status"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("status must be one of pending, confirmed, rejected, exported");
            }
        }
        return new CaseQuery(status, r.query("camera"), r.query("rule"), time(r, "from"), time(r, "to"),
                number(r, "limit", 100), number(r, "offset", 0));
    }

    private static Long time(Request r, String name) {
        String v = r.query(name);
        if (v == null) {
            return null;
        }
        try {
            return v.matches("\\d+") ? Long.parseLong(v) : Instant.parse(v).toEpochMilli();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + " must be epoch milliseconds or an ISO-8601 instant");
        }
    }

    private static int number(Request r, String name, int dflt) {
        String v = r.query(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer");
        }
    }

    /** A case as the API and {@code streetwatch cases} print it. */
    public static Map<String, Object> json(Case c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("camera", c.camera());
        m.put("rule", c.rule());
        m.put("zone", c.zone());
        m.put("zone_type", c.zoneType());
        m.put("place", c.place());
        m.put("unit", c.unit());
        m.put("start", Instant.ofEpochMilli(c.onsetAt()).toString());
        m.put("confirmed", Instant.ofEpochMilli(c.confirmedAt()).toString());
        m.put("end", c.endedAt() == null ? null : Instant.ofEpochMilli(c.endedAt()).toString());
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
            fm.put("sha256", f.sha256());
            fm.put("bytes", f.bytes());
            files.add(fm);
        }
        m.put("files", files);
        m.put("manifest_sha256", c.manifestSha256());
        m.put("reviewer", c.reviewer());
        m.put("reason", c.reason());
        return m;
    }
}
