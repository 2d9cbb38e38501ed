package org.streetwatch.review.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.streetwatch.evidence.nearmiss.NearMisses;
import org.streetwatch.review.auth.Role;
import org.streetwatch.review.auth.Session;
import org.streetwatch.review.http.Request;
import org.streetwatch.review.http.Response;
import org.streetwatch.review.http.Router;

/**
 * {@code GET /api/near-misses?camera=&rule=&limit=}: the newest near misses of the operator's districts — what a rule
 * saw but could not blame on anyone, with the settings it was judged by, so an operator sees what a lower threshold
 * would add.
 */
final class NearMissesApi {

    private static final int MAX_LIMIT = 1000;

    private final NearMisses misses;
    private final Access access;

    NearMissesApi(NearMisses misses, Access access) {
        this.misses = misses;
        this.access = access;
    }

    void register(Router router) {
        router.get("/api/near-misses", access.require(Role.OPERATOR, this::list));
    }

    private Response list(Request r, Session s) throws Exception {
        int limit;
        try {
            limit = r.query("limit") == null ? 100 : Integer.parseInt(r.query("limit"));
        } catch (NumberFormatException e) {
            return Response.error(400, "limit must be a whole number");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return Response.error(400, "limit must be 1-" + MAX_LIMIT);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (NearMisses.Row m : misses.list(s.scope(), r.query("camera"), r.query("rule"), limit)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("camera", m.camera());
            row.put("district", m.district());
            row.put("rule", m.rule());
            row.put("zone", m.zone());
            row.put("at", m.at());
            row.put("camera_time_us", m.ptsUs());
            row.put("reason", m.reason());
            row.put("params", m.params());
            row.put("measurements", m.measurements());
            out.add(row);
        }
        return Response.json(Map.of("near_misses", out));
    }
}
