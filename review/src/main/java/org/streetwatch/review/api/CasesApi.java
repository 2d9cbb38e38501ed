package org.streetwatch.review.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.cases.RecheckRecorder;
import org.streetwatch.evidence.cases.Reviews;
import org.streetwatch.evidence.store.CaseQuery;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.EvidenceFolder;
import org.streetwatch.review.auth.Role;
import org.streetwatch.review.auth.Session;
import org.streetwatch.review.http.Request;
import org.streetwatch.review.http.Response;
import org.streetwatch.review.http.Router;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cases for people: the queue, one case with its audit trail, its evidence files, and the decision on it.
 * Evidence files are served only by the names the case's manifest lists, so no request can reach another path.
 * Each person sees only their districts' cases: another district's case is "no such case" (404), so that its
 * existence does not leak either.
 */
final class CasesApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Longest reason a reviewer may give. */
    static final int MAX_REASON = 500;

    private final Reviews reviews;
    private final CaseStore store;
    private final CaseFolders folders;
    private final Access access;

    CasesApi(Reviews reviews, CaseFolders folders, Access access) {
        this.reviews = reviews;
        this.store = reviews.store();
        this.folders = folders;
        this.access = access;
    }

    void register(Router router) {
        router.get("/api/cases", access.require(Role.REVIEWER, this::list));
        router.get("/api/cases/{id}", access.require(Role.REVIEWER, this::one));
        router.get("/api/cases/{id}/files/{name}", access.require(Role.REVIEWER, this::file));
        router.post("/api/cases/{id}/review", access.require(Role.REVIEWER, this::review));
    }

    private Response list(Request r, Session s) throws Exception {
        CaseQuery q;
        try {
            q = query(r);
        } catch (IllegalArgumentException e) {
            return Response.error(400, e.getMessage());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        q = q.in(s.scope());
        for (Case c : store.list(q)) {
            out.add(CaseJson.of(c));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cases", out);
        m.put("total", store.count(q));
        m.put("limit", q.limit());
        m.put("offset", q.offset());
        return Response.json(m);
    }

    private Response one(Request r, Session s) throws Exception {
        Optional<Case> c = visible(r.param("id"), s);
        if (c.isEmpty()) {
            return Response.error(404, "no such case");
        }
        Map<String, Object> m = CaseJson.of(c.get());
        try {
            folders.of(c.get());
        } catch (CaseFolders.Unavailable e) {
            m.put("evidence_unavailable", e.getMessage());
        }
        List<Map<String, Object>> events = new ArrayList<>();
        for (CaseStore.Event e : store.events(c.get().id())) {
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("at", Instant.ofEpochMilli(e.at()).toString());
            em.put("actor", e.actor());
            em.put("action", e.action());
            em.put("detail", e.detail());
            events.add(em);
        }
        m.put("events", events);
        List<Map<String, Object>> after = new ArrayList<>();
        for (JsonNode f : afterStills(c.get())) {
            after.add(Map.of("name", f.path("name").asString(), "sha256", f.path("sha256").asString(),
                    "at", f.path("at").asString(), "url", "/api/cases/" + c.get().id() + "/files/"
                            + f.path("name").asString()));
        }
        m.put("after", after);
        return Response.json(m);
    }

    /** The re-check's "after" stills as its signed record lists them (none before a re-check, or out of reach). */
    private List<JsonNode> afterStills(Case c) throws IOException {
        Path record;
        try {
            record = folders.of(c).resolve(c.evidence().dir()).resolve(RecheckRecorder.FILE);
        } catch (CaseFolders.Unavailable e) {
            return List.of();
        }
        if (!Files.isRegularFile(record)) {
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(record.toFile()).path("files").forEach(out::add);
        return out;
    }

    private Response file(Request r, Session s) throws Exception {
        Optional<Case> c = visible(r.param("id"), s);
        String name = r.param("name");
        if (c.isEmpty() || !(name.equals("manifest.json")
                || c.get().evidence().files().stream().anyMatch(f -> f.name().equals(name))
                || afterStills(c.get()).stream().anyMatch(f -> f.path("name").asString().equals(name)))) {
            return Response.error(404, "no such file");
        }
        if (c.get().evidence().purgedAt() != null) {
            return Response.error(410, "the evidence of this case was removed by retention");
        }
        EvidenceFolder folder;
        try {
            folder = folders.of(c.get());
        } catch (CaseFolders.Unavailable e) {
            return Response.error(503, e.getMessage());
        }
        Path p = folder.resolve(c.get().evidence().dir()).resolve(name);
        if (!Files.isRegularFile(p)) {
            return Response.error(404, "file missing from the evidence folder");
        }
        return Response.file(folder.root(), c.get().evidence().dir() + "/" + name, contentType(name))
                .header("Cache-Control", "private, max-age=3600");
    }

    private Response review(Request r, Session s) throws Exception {
        JsonNode body = Json.body(r);
        String decision = body == null ? null : body.path("decision").asString(null);
        String reason = body == null ? null : body.path("reason").asString(null);
        CaseStatus next = "confirm".equals(decision) ? CaseStatus.CONFIRMED
                : "reject".equals(decision) ? CaseStatus.REJECTED : null;
        if (next == null) {
            return Response.error(400, "send {\"decision\": \"confirm\" | \"reject\", \"reason\": ...}");
        }
        reason = reason == null ? null : reason.strip();
        if (reason != null && (reason.length() > MAX_REASON || reason.chars().anyMatch(ch -> ch < 0x20))) {
            return Response.error(400, "a reason is one line of at most " + MAX_REASON + " characters");
        }
        if (next == CaseStatus.REJECTED && (reason == null || reason.isEmpty())) {
            return Response.error(400, "a rejection needs a reason");
        }
        if (visible(r.param("id"), s).isEmpty()) {
            return Response.error(404, "no such case"); // a case's district never changes: checked once is enough
        }
        try {
            Case c = reviews.decide(r.param("id"), next, s.user(), reason == null || reason.isEmpty() ? null : reason);
            return Response.json(CaseJson.of(c));
        } catch (CaseStore.TransitionException e) {
            return Response.error(e.getMessage().equals("no such case") ? 404 : 409, e.getMessage());
        }
    }

    /** The case, if it exists and is in the person's districts. */
    private Optional<Case> visible(String id, Session s) throws Exception {
        return store.get(id).filter(c -> s.sees(c.where().district()));
    }

    static CaseQuery query(Request r) {
        CaseStatus status = null;
        if (r.query("status") != null) {
            try {
                status = CaseStatus.of(r.query("status"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("status must be one of " + java.util.Arrays.stream(
                        CaseStatus.values()).map(CaseStatus::key).collect(java.util.stream.Collectors.joining(", ")));
            }
        }
        String order = r.query("order") == null ? "desc" : r.query("order");
        if (!order.equals("asc") && !order.equals("desc")) {
            throw new IllegalArgumentException("order must be asc (oldest first) or desc");
        }
        return new CaseQuery(status, r.query("camera"), r.query("rule"), time(r, "from"), time(r, "to"),
                number(r, "limit", 100), number(r, "offset", 0), order.equals("asc"));
    }

    static Long time(Request r, String name) {
        String v = r.query(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return v.matches("\\d{1,15}") ? Long.parseLong(v) : Instant.parse(v).toEpochMilli();
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

    private static String contentType(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".mp4")) {
            return "video/mp4";
        } else if (n.endsWith(".mkv")) {
            return "video/x-matroska";
        } else if (n.endsWith(".jpg")) {
            return "image/jpeg";
        } else if (n.endsWith(".json")) {
            return "application/json";
        }
        return "application/octet-stream";
    }
}
