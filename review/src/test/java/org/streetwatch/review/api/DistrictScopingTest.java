package org.streetwatch.review.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.export.CaseReports;
import org.streetwatch.evidence.export.Exporter;
import org.streetwatch.evidence.export.FolderSink;
import org.streetwatch.evidence.integrity.Verifier;
import org.streetwatch.evidence.testing.Evidence;
import org.streetwatch.evidence.testing.ScopingMatrix;
import org.streetwatch.review.auth.Role;
import org.streetwatch.review.auth.Users;
import org.streetwatch.review.http.HttpServer;
import org.streetwatch.violation.NearMiss;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Districts over the real review API: every endpoint, asked by a reviewer in A, a reviewer in B, an operator in A, an
 * admin and users without a district, answers with exactly that person's districts' cases (another district's case,
 * file or decision is 404, as if it did not exist). The matrix it checks is written to target/scoping-matrix.md.
 */
class DistrictScopingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "correct horse battery";
    /** The people of the matrix, in its column order. */
    private static final List<String> PEOPLE = List.of("rev.a", "rev.b", "ops.a", "admin", "rev.none", "ops.none");

    @TempDir
    static Path dir;
    static Evidence ev;
    static HttpServer server;
    static Exporter exporter;
    static int port;
    static Case a1;
    static Case a2;
    static Case b1;
    static Case b2;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        ev = new Evidence(dir);
        ev.districts.put("cam-a", "A");
        ev.districts.put("cam-b", "B");
        List<Case> a = ev.record("cam-a", 2);
        List<Case> b = ev.record("cam-b", 2);
        a1 = a.get(0);
        a2 = a.get(1);
        b1 = b.get(0);
        b2 = b.get(1);
        // one confirmed case per district waits for export (the exporter is not started: it stays waiting)
        ev.reviews.decide(a1.id(), CaseStatus.CONFIRMED, "setup", null);
        ev.reviews.decide(b1.id(), CaseStatus.CONFIRMED, "setup", null);
        for (String camera : List.of("cam-a", "cam-b")) {
            ev.nearMiss(new NearMiss(camera, "waste_water_dumping", "drain", 1_000_000, System.currentTimeMillis(),
                    "a dark patch appeared with nobody near", Map.of()));
        }
        Users users = new Users(ev.db);
        users.add("rev.a", Role.REVIEWER, Set.of("A"), PASSWORD.toCharArray());
        users.add("rev.b", Role.REVIEWER, Set.of("B"), PASSWORD.toCharArray());
        users.add("ops.a", Role.OPERATOR, Set.of("A"), PASSWORD.toCharArray());
        users.add("admin", Role.ADMIN, Set.of(), PASSWORD.toCharArray());
        users.add("rev.none", Role.REVIEWER, Set.of(), PASSWORD.toCharArray());
        users.add("ops.none", Role.OPERATOR, Set.of(), PASSWORD.toCharArray());
        exporter = new Exporter(ev.reviews, new CaseReports(ev.folder, "k"), new FolderSink(dir.resolve("out")),
                Duration.ofSeconds(1), Duration.ofSeconds(2), ev.registry);
        server = ReviewApiTest.server(ev, users, exporter);
        port = server.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (exporter != null) {
            exporter.close();
        }
        if (ev != null) {
            ev.close();
        }
    }

    /** One row of the matrix: an endpoint as a person calls it, and what each person must get. */
    private record Probe(String endpoint, Call call, List<String> expected) {
    }

    @FunctionalInterface
    private interface Call {
        String as(Login l) throws Exception;
    }

    private record Login(String cookie, String csrf) {
    }

    @Test
    void everyEndpointAnswersEachPersonWithTheirDistrictsOnly() throws Exception {
        String still = a1.evidence().files().stream().filter(f -> f.role().equals("still")).findFirst().orElseThrow().name();
        List<Probe> probes = List.of(
                probe("GET /api/cases", l -> listed(get("/api/cases", l)),
                        "200 A:2", "200 B:2", "200 A:2", "200 A:2 B:2", "200 none", "200 none"),
                probe("GET /api/cases?camera=cam-b", l -> listed(get("/api/cases?camera=cam-b", l)),
                        "200 none", "200 B:2", "200 none", "200 B:2", "200 none", "200 none"),
                probe("GET /api/cases?status=confirmed", l -> listed(get("/api/cases?status=confirmed", l)),
                        "200 A:1", "200 B:1", "200 A:1", "200 A:1 B:1", "200 none", "200 none"),
                probe("GET /api/cases/{A case}", l -> code(get("/api/cases/" + a1.id(), l)),
                        "200", "404", "200", "200", "404", "404"),
                probe("GET /api/cases/{B case}", l -> code(get("/api/cases/" + b1.id(), l)),
                        "404", "200", "404", "200", "404", "404"),
                probe("GET /api/cases/{A case}/files/{still}", l -> code(get("/api/cases/" + a1.id() + "/files/"
                        + still, l)), "200", "404", "200", "200", "404", "404"),
                probe("GET /api/cases/{B case}/files/clip.mp4", l -> code(get("/api/cases/" + b1.id()
                        + "/files/clip.mp4", l)), "404", "200", "404", "200", "404", "404"),
                probe("GET /api/cases/{B case}/files/manifest.json", l -> code(get("/api/cases/" + b1.id()
                        + "/files/manifest.json", l)), "404", "200", "404", "200", "404", "404"),
                probe("GET /api/stats", l -> counted(l, "cameras"),
                        "403", "403", "200 A:2 cam-a", "200 A:2 B:2 cam-a,cam-b", "403", "200 none"),
                probe("GET /api/stats (per zone)", l -> counted(l, "zones"),
                        "403", "403", "200 A:2 cam-a", "200 A:2 B:2 cam-a,cam-b", "403", "200 none"),
                probe("GET /api/stats (daily per rule)", this::daily,
                        "403", "403", "200 2 cases", "200 4 cases", "403", "200 0 cases"),
                probe("GET /api/near-misses", l -> listed(get("/api/near-misses", l), "near_misses"),
                        "403", "403", "200 A:1", "200 A:1 B:1", "403", "200 none"),
                probe("GET /api/export", l -> waiting(get("/api/export", l)),
                        "403", "403", "200 waiting 1", "200 waiting 2", "403", "200 waiting 0"),
                // last: decisions change what the rows above count
                probe("POST /api/cases/{A case}/review", l -> code(decide(a2, l)),
                        "200", "404", "200", "200", "404", "404"),
                probe("POST /api/cases/{B case}/review", l -> code(decide(b2, l)),
                        "404", "200", "404", "200", "404", "404"));

        Map<String, Login> logins = new LinkedHashMap<>();
        for (String p : PEOPLE) {
            logins.put(p, login(p));
        }
        Map<String, List<String>> seen = new LinkedHashMap<>();
        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (Probe probe : probes) {
            List<String> row = new ArrayList<>();
            for (String p : PEOPLE) {
                row.add(probe.call().as(logins.get(p)));
            }
            seen.put(probe.endpoint(), row);
            expected.put(probe.endpoint(), probe.expected());
        }
        ScopingMatrix.write("scoping-matrix", "District scoping matrix", "Cases: 2 on cam-a (district A), 2 on "
                + "cam-b (district B); one of each confirmed (export waiting). People: rev.a reviewer {A}, rev.b "
                + "reviewer {B}, ops.a operator {A}, admin, rev.none reviewer {}, ops.none operator {}. A cell: "
                + "status, then per district how many cases came back.", PEOPLE, seen, expected);
        assertThat(seen).isEqualTo(expected);
        // the cases' districts are in their signed manifests, and verify checks the rows against them
        Verifier.Report report = Verifier.verify(dir, ev.store);
        assertThat(report.problems()).isEmpty();
        assertThat(Files.readString(ev.folder.resolve(a1.evidence().dir()).resolve("manifest.json"))).contains("\"district\" : \"A\"");
    }

    private static Probe probe(String endpoint, Call call, String... perPerson) {
        return new Probe(endpoint, call, List.of(perPerson));
    }

    /** The status, and per district how many cases came back ("none" for an empty list). */
    private static String listed(HttpResponse<String> r) {
        return listed(r, "cases");
    }

    /** The same for the list under {@code key}. */
    private static String listed(HttpResponse<String> r, String key) {
        if (r.statusCode() != 200) {
            return code(r);
        }
        Map<String, Integer> per = new TreeMap<>();
        for (JsonNode c : JSON.readTree(r.body()).path(key)) {
            per.merge(c.path("district").asString(), 1, Integer::sum);
        }
        return "200 " + districts(per);
    }

    /** Stats: cases counted per district (from a section's rows by camera) and which cameras appear. */
    private String counted(Login l, String section) throws Exception {
        HttpResponse<String> r = get("/api/stats", l);
        if (r.statusCode() != 200) {
            return code(r);
        }
        Map<String, Integer> per = new TreeMap<>();
        List<String> cameras = new ArrayList<>();
        for (JsonNode c : JSON.readTree(r.body()).path(section)) {
            String camera = c.path("camera").asString();
            cameras.add(camera);
            per.merge(ev.districts.get(camera), c.path("cases").asInt(), Integer::sum);
        }
        return "200 " + districts(per) + (cameras.isEmpty() ? "" : " " + String.join(",", cameras));
    }

    /** Stats: the cases the daily trend counts (its rows name no camera). */
    private String daily(Login l) throws Exception {
        HttpResponse<String> r = get("/api/stats", l);
        if (r.statusCode() != 200) {
            return code(r);
        }
        int n = 0;
        for (JsonNode d : JSON.readTree(r.body()).path("daily")) {
            n += d.path("cases").asInt();
        }
        return "200 " + n + " cases";
    }

    private static String waiting(HttpResponse<String> r) {
        return r.statusCode() != 200 ? code(r) : "200 waiting " + JSON.readTree(r.body()).path("waiting").asInt();
    }

    private static String districts(Map<String, Integer> per) {
        if (per.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        per.forEach((d, n) -> parts.add(d + ":" + n));
        return String.join(" ", parts);
    }

    private static String code(HttpResponse<String> r) {
        return Integer.toString(r.statusCode());
    }

    private Login login(String user) throws Exception {
        HttpResponse<String> r = post("/api/login", "{\"user\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}",
                null);
        assertThat(r.statusCode()).isEqualTo(200);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return new Login(setCookie.substring(0, setCookie.indexOf(';')), JSON.readTree(r.body()).path("csrf").asString());
    }

    private HttpResponse<String> get(String path, Login l) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Cookie", l.cookie()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The other decision than the case's current one (a second opinion is allowed; the same one again is not). */
    private HttpResponse<String> decide(Case c, Login l) throws Exception {
        boolean rejected = ev.store.get(c.id()).orElseThrow().review().status() == CaseStatus.REJECTED;
        return post("/api/cases/" + c.id() + "/review", rejected ? "{\"decision\":\"confirm\"}"
                : "{\"decision\":\"reject\",\"reason\":\"matrix\"}", l);
    }

    private HttpResponse<String> post(String path, String body, Login l) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (l != null) {
            b.header("Cookie", l.cookie()).header("X-CSRF-Token", l.csrf());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
