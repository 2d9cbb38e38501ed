package org.streetwatch.evidence.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.streetwatch.evidence.auth.Role;
import org.streetwatch.evidence.auth.Session;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.http.Request;
import org.streetwatch.evidence.http.Response;
import org.streetwatch.evidence.http.Router;
import org.streetwatch.evidence.store.CaseStore;

/**
 * {@code GET /api/stats}: per rule and per camera, how many cases people confirmed and rejected. A camera or rule
 * whose cases are mostly rejected is where an operator raises a threshold or redraws a zone. Per responsible unit,
 * how often it offends and how fast its cases are resolved. Each operator counts
 * their districts' cases only.
 */
final class StatsApi {

    private final CaseStore store;
    private final Access access;

    StatsApi(CaseStore store, Access access) {
        this.store = store;
        this.access = access;
    }

    void register(Router router) {
        router.get("/api/stats", access.require(Role.OPERATOR, this::stats));
    }

    private Response stats(Request r, Session s) throws Exception {
        Long from;
        Long to;
        try {
            from = CasesApi.time(r, "from");
            to = CasesApi.time(r, "to");
        } catch (IllegalArgumentException e) {
            return Response.error(400, e.getMessage());
        }
        List<CaseStore.Tally> tally = store.tally(from, to, s.scope());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rules", group(tally, CaseStore.Tally::rule, "rule"));
        m.put("cameras", group(tally, CaseStore.Tally::camera, "camera"));
        m.put("total", group(tally, t -> "all", "scope"));
        m.put("units", units(store.units(from, to, s.scope())));
        return Response.json(m);
    }

    /** Per responsible unit (门前三包): cases, repeats, recurrences, time to resolution. */
    private static List<Map<String, Object>> units(List<CaseStore.UnitTally> units) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CaseStore.UnitTally u : units) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("unit", u.unit());
            row.put("cases", u.cases());
            row.put("repeats", u.repeats());
            row.put("recurred", u.recurred());
            row.put("handled", u.handled());
            row.put("mean_to_handled_s", u.meanToHandledS());
            row.put("verified", u.verified());
            row.put("mean_to_verified_s", u.meanToVerifiedS());
            row.put("warnings", u.warnings());
            out.add(row);
        }
        return out;
    }

    private static List<Map<String, Object>> group(List<CaseStore.Tally> tally, Function<CaseStore.Tally, String> key,
                                                   String name) {
        Map<String, int[]> counts = new TreeMap<>();
        for (CaseStore.Tally t : tally) {
            counts.computeIfAbsent(key.apply(t), k -> new int[CaseStatus.values().length])[t.status().ordinal()]
                    += t.count();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            int[] c = e.getValue();
            int confirmed = 0;
            int exported = 0;
            for (CaseStatus st : CaseStatus.values()) {
                confirmed += st.confirmed() ? c[st.ordinal()] : 0;
                exported += st.ordinal() >= CaseStatus.EXPORTED.ordinal() ? c[st.ordinal()] : 0; // and what followed
            }
            int rejected = c[CaseStatus.REJECTED.ordinal()];
            Map<String, Object> row = new LinkedHashMap<>();
            row.put(name, e.getKey());
            row.put("cases", confirmed + rejected + c[CaseStatus.PENDING.ordinal()]);
            row.put("pending", c[CaseStatus.PENDING.ordinal()]);
            row.put("confirmed", confirmed);
            row.put("rejected", rejected);
            row.put("exported", exported);
            row.put("confirmation_rate", confirmed + rejected == 0 ? null : (double) confirmed / (confirmed + rejected));
            out.add(row);
        }
        return out;
    }
}
