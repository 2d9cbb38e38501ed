package org.streetwatch.review.api;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.review.auth.Role;
import org.streetwatch.review.auth.Session;
import org.streetwatch.review.http.Request;
import org.streetwatch.review.http.Response;
import org.streetwatch.review.http.Router;

/**
 * {@code GET /api/stats}: per rule, per camera and per zone, how many cases people confirmed and rejected; the
 * rejections per rule and reason; and per rule and day ({@code tz_offset_min}: the days' offset east of UTC, as the
 * page's clock has it) the daily trend. A camera, zone or rule whose cases are mostly rejected is where an operator
 * raises a threshold or redraws a zone. Per responsible unit, how often it offends and how fast its cases are
 * resolved. Each operator counts their districts' cases only.
 */
final class StatsApi {

    private static final long MAX_OFFSET_MS = 14 * 3_600_000L;

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
        long offsetMs;
        try {
            offsetMs = Math.multiplyExact(Long.parseLong(r.query("tz_offset_min") == null ? "0"
                    : r.query("tz_offset_min")), 60_000L);
        } catch (NumberFormatException | ArithmeticException e) {
            return Response.error(400, "tz_offset_min must be whole minutes east of UTC");
        }
        if (Math.abs(offsetMs) > MAX_OFFSET_MS) {
            return Response.error(400, "tz_offset_min must be within 14 hours of UTC");
        }
        List<CaseStore.Tally> tally = store.tally(from, to, s.scope());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rules", group(tally, CaseStore.Tally::rule, "rule"));
        m.put("cameras", group(tally, CaseStore.Tally::camera, "camera"));
        m.put("total", group(tally, t -> "all", "scope"));
        m.put("zones", pairs(store.breakdown(CaseStore.Breakdown.ZONE, 0, from, to, s.scope()), "camera", "zone",
                z -> z));
        m.put("reasons", reasons(store.breakdown(CaseStore.Breakdown.REASON, 0, from, to, s.scope())));
        m.put("daily", pairs(store.breakdown(CaseStore.Breakdown.DAY, offsetMs, from, to, s.scope()), "rule", "day",
                d -> LocalDate.ofEpochDay(Long.parseLong(d)).toString()));
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

    /** Per pair of values (camera and zone, rule and day), the counts {@link #counts} gives; in pair order. */
    private static List<Map<String, Object>> pairs(List<CaseStore.Count> rows, String first, String second,
                                                   Function<String, String> label) {
        Map<List<String>, int[]> counts = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)));
        for (CaseStore.Count c : rows) {
            counts.computeIfAbsent(List.of(c.first(), label.apply(c.second())),
                    k -> new int[CaseStatus.values().length])[c.status().ordinal()] += c.count();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        counts.forEach((k, c) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put(first, k.get(0));
            row.put(second, k.get(1));
            out.add(counts(row, c));
        });
        return out;
    }

    /** Rejections per rule and reason, the most frequent first within a rule. */
    private static List<Map<String, Object>> reasons(List<CaseStore.Count> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        rows.stream().filter(c -> c.status() == CaseStatus.REJECTED)
                .sorted(Comparator.comparing(CaseStore.Count::first).thenComparing(c -> -c.count())
                        .thenComparing(c -> c.second() == null ? "" : c.second()))
                .forEach(c -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("rule", c.first());
                    row.put("reason", c.second());
                    row.put("rejected", c.count());
                    out.add(row);
                });
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
            Map<String, Object> row = new LinkedHashMap<>();
            row.put(name, e.getKey());
            out.add(counts(row, e.getValue()));
        }
        return out;
    }

    /**
     * The row with its cases, pending, confirmed (and whatever followed: exported, dispatched ...), rejected,
     * exported (and what followed) and confirmation rate.
     */
    private static Map<String, Object> counts(Map<String, Object> row, int[] c) {
        int confirmed = 0;
        int exported = 0;
        for (CaseStatus st : CaseStatus.values()) {
            confirmed += st.confirmed() ? c[st.ordinal()] : 0;
            exported += st.ordinal() >= CaseStatus.EXPORTED.ordinal() ? c[st.ordinal()] : 0;
        }
        int rejected = c[CaseStatus.REJECTED.ordinal()];
        row.put("cases", confirmed + rejected + c[CaseStatus.PENDING.ordinal()]);
        row.put("pending", c[CaseStatus.PENDING.ordinal()]);
        row.put("confirmed", confirmed);
        row.put("rejected", rejected);
        row.put("exported", exported);
        row.put("confirmation_rate", confirmed + rejected == 0 ? null : (double) confirmed / (confirmed + rejected));
        return row;
    }
}
