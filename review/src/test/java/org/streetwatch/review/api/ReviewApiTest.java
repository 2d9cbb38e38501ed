package org.streetwatch.review.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.EvidenceFile;
import org.streetwatch.evidence.integrity.CaseLog;
import org.streetwatch.evidence.testing.Evidence;
import org.streetwatch.evidence.testing.RawHttp;
import org.streetwatch.review.auth.Role;
import org.streetwatch.review.auth.Sessions;
import org.streetwatch.review.auth.Users;
import org.streetwatch.review.http.HttpServer;
import org.streetwatch.review.http.Router;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The review API over a real server, a real store and real cases: what it allows, and everything it refuses. */
class ReviewApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    static Path dir;
    static Evidence ev;
    static HttpServer server;
    static int port;
    static List<Case> cases;
    static Users users;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        ev = new Evidence(dir);
        cases = ev.record("cam-1", 4);
        users = new Users(ev.db);
        users.add("li.wei", Role.REVIEWER, java.util.Set.of(Evidence.MAIN), PASSWORD.toCharArray());
        users.add("zhang.ops", Role.OPERATOR, java.util.Set.of(Evidence.MAIN), PASSWORD.toCharArray());
        users.add("victim", Role.REVIEWER, java.util.Set.of(Evidence.MAIN), PASSWORD.toCharArray());
        users.add("mover", Role.REVIEWER, java.util.Set.of(Evidence.MAIN), PASSWORD.toCharArray());
        users.add("guarded", Role.REVIEWER, java.util.Set.of(Evidence.MAIN), PASSWORD.toCharArray());
        server = server(ev, users, null);
        port = server.start("127.0.0.1", 0);
    }

    /** A real server (not started) for the review API over a store, its users and export queue (or null). */
    static HttpServer server(Evidence ev, Users users, org.streetwatch.evidence.export.Exporter exporter) {
        Router router = new Router();
        ReviewApi.register(router, ev.reviews, ev.folder, users, new Sessions(users, 3_600_000, 86_400_000), false,
                exporter, ev.nearMisses);
        return new HttpServer(router, new HttpServer.Limits(64 * 1024, 1000, 100, Duration.ofSeconds(60),
                Duration.ofSeconds(30), 64));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (ev != null) {
            ev.close();
        }
    }

    record Login(String cookie, String csrf) {
    }

    Login login(String user) throws Exception {
        HttpResponse<String> r = post("/api/login", "{\"user\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}", null);
        assertThat(r.statusCode()).isEqualTo(200);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return new Login(setCookie.substring(0, setCookie.indexOf(';')), JSON.readTree(r.body()).path("csrf").asString());
    }

    HttpResponse<String> get(String path, Login l) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (l != null) {
            b.header("Cookie", l.cookie());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body, Login l, String... headers) throws Exception {
        return http.send(postRequest(path, body, l, headers), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest postRequest(String path, String body, Login l, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length == 0) {
            b.header("Content-Type", "application/json");
        } else {
            b.headers(headers);
        }
        if (l != null) {
            b.header("Cookie", l.cookie());
        }
        return b.build();
    }

    HttpResponse<String> review(Case c, String decision, String reason, Login l) throws Exception {
        return post("/api/cases/" + c.id() + "/review", JSON.writeValueAsString(java.util.Map.of("decision", decision,
                "reason", reason)), l, "Content-Type", "application/json", "X-CSRF-Token", l.csrf());
    }

    @Test
    void aReviewerLogsInWithAStrictCookieAndConfirmsACase() throws Exception {
        HttpResponse<String> r = post("/api/login", "{\"user\":\"li.wei\",\"password\":\"" + PASSWORD + "\"}", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Set-Cookie").orElseThrow())
                .startsWith("sw_session=").contains("HttpOnly", "SameSite=Strict", "Path=/");
        Login l = login("li.wei");

        JsonNode queue = JSON.readTree(get("/api/cases?status=pending&order=asc", l).body());
        assertThat(queue.path("total").asInt()).isGreaterThanOrEqualTo(2);
        Case c = cases.get(0);
        assertThat(review(c, "confirm", "stall on the pavement", l).statusCode()).isEqualTo(200);

        JsonNode one = JSON.readTree(get("/api/cases/" + c.id(), l).body());
        assertThat(one.path("status").asString()).isEqualTo("confirmed");
        assertThat(one.path("reviewer").asString()).isEqualTo("li.wei");
        assertThat(one.path("events").findValuesAsString("action")).containsExactly("created", "confirmed");
        assertThat(CaseLog.read(dir.resolve(CaseLog.FILE))).anyMatch(e -> e.caseId().equals(c.id())
                && e.event().equals("confirmed") && e.actor().equals("li.wei"));
        // a second decision by someone else is a second opinion, recorded; an unknown decision is refused
        assertThat(review(c, "maybe", "", l).statusCode()).isEqualTo(400);
    }

    @Test
    void aRejectionNeedsAReason() throws Exception {
        Login l = login("li.wei");
        assertThat(review(cases.get(1), "reject", "  ", l).statusCode()).isEqualTo(400);
        assertThat(review(cases.get(1), "reject", "licensed night market", l).statusCode()).isEqualTo(200);
    }

    @Test
    void evidenceFilesOnlyToLoggedInPeopleAndWithByteRanges() throws Exception {
        Case c = cases.get(2);
        String clip = "/api/cases/" + c.id() + "/files/clip.mp4";
        assertThat(get(clip, null).statusCode()).isEqualTo(401);
        Login l = login("li.wei");
        HttpResponse<byte[]> full = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + clip))
                .header("Cookie", l.cookie()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.headers().firstValue("Content-Type")).contains("video/mp4");
        assertThat((long) full.body().length).isEqualTo(c.evidence().files().stream().filter(f -> f.name().equals("clip.mp4"))
                .findFirst().orElseThrow().bytes());
        HttpResponse<byte[]> part = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + clip))
                .header("Cookie", l.cookie()).header("Range", "bytes=100-199").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).hasSize(100);
        assertThat(part.headers().firstValue("Content-Range").orElseThrow()).startsWith("bytes 100-199/");
        // a name the manifest does not list is not served, whatever lies in the folder
        assertThat(get("/api/cases/" + c.id() + "/files/manifest.sig", l).statusCode()).isEqualTo(404);
    }

    @Test
    void wrongPasswordsAreRefusedAndThenThrottled() throws Exception {
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = post("/api/login", "{\"user\":\"victim\",\"password\":\"guess" + i + "\"}", null);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
        }
        HttpResponse<String> locked = post("/api/login", "{\"user\":\"victim\",\"password\":\"" + PASSWORD + "\"}", null);
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();
        assertThat(post("/api/login", "{\"user\":\"nobody\",\"password\":\"" + PASSWORD + "\"}", null).statusCode())
                .isIn(401, 429);
    }

    @Test
    void parallelWrongLoginsGetExactlyFiveGuessesBeforeTheLock() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> guesses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            guesses.add(http.sendAsync(postRequest("/api/login", "{\"user\":\"guarded\",\"password\":\"guess" + i
                    + "\"}", null), HttpResponse.BodyHandlers.ofString()));
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> g : guesses) {
            statuses.add(g.get().statusCode());
        }
        assertThat(statuses.stream().filter(s -> s == 401).count()).as("guesses checked: %s", statuses).isEqualTo(5);
        assertThat(statuses.stream().filter(s -> s == 429).count()).as("guesses refused: %s", statuses).isEqualTo(7);
    }

    @Test
    void changesWithoutTheCsrfTokenOrAsAFormAreRefused() throws Exception {
        Login l = login("li.wei");
        String body = "{\"decision\":\"confirm\"}";
        String path = "/api/cases/" + cases.get(3).id() + "/review";
        assertThat(post(path, body, l).statusCode()).isEqualTo(403);
        assertThat(post(path, body, l, "Content-Type", "application/json", "X-CSRF-Token", "forged").statusCode())
                .isEqualTo(403);
        assertThat(post(path, "decision=confirm", l, "Content-Type", "application/x-www-form-urlencoded",
                "X-CSRF-Token", l.csrf()).statusCode()).isEqualTo(415);
        assertThat(post(path, body, null, "Content-Type", "application/json", "X-CSRF-Token", l.csrf()).statusCode())
                .isEqualTo(401);
        assertThat(JSON.readTree(get("/api/cases/" + cases.get(3).id(), l).body()).path("status").asString())
                .isEqualTo("pending");
    }

    @Test
    void pathTraversalMalformedAndHugeRequestsGet4xxWithoutAStackTrace() throws Exception {
        Login l = login("li.wei");
        String id = cases.get(2).id();
        for (String path : List.of("/api/cases/" + id + "/files/../../cases.db",
                "/api/cases/" + id + "/files/..%2F..%2Fcases.db", "/static/../../../etc/passwd",
                "/api/cases/..%2f..%2fcases.db/files/clip.mp4", "/static/%2e%2e/cases.db")) {
            String res = raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nCookie: " + l.cookie() + "\r\n\r\n");
            assertThat(status(res)).as(path).isBetween(400, 404);
            assertThat(res).doesNotContain("Exception", "at org.", "SQLite");
        }
        assertThat(get("/api/cases/" + id + "/files/cases.db", l).statusCode()).isEqualTo(404);

        HttpResponse<String> huge = post("/api/login", "{\"user\":\"" + "x".repeat(200_000) + "\"}", null);
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(post("/api/login", "{not json", null).statusCode()).isEqualTo(400);
        assertThat(post("/api/login", "[1,2]", null).statusCode()).isEqualTo(400);
        assertThat(get("/api/cases?limit=abc", l).statusCode()).isEqualTo(400);
        assertThat(get("/api/cases?from=yesterday", l).statusCode()).isEqualTo(400);
        assertThat(status(raw("BLAH\r\n\r\n"))).isEqualTo(400);
        assertThat(status(raw("GET /api/cases HTTP/1.1\r\nHost: x\r\n" + "X-Long: " + "y".repeat(20_000)
                + "\r\n\r\n"))).isBetween(400, 431);
    }

    @Test
    void aTooLargeBodyGets413WithAJsonError() throws Exception {
        try (RawHttp h = new RawHttp(port)) {
            RawHttp.Reply r = h.send("POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 200000\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.header("Content-Type")).startsWith("application/json");
            assertThat(JSON.readTree(r.body()).path("error").asString()).contains("65536 bytes");
        }
    }

    @Test
    void aHugeRangeGets416OrTheWholeFileAndLeaksNoDescriptor() throws Exception {
        Login l = login("li.wei");
        Case c = cases.get(2);
        long size = Files.size(ev.folder.resolve(c.evidence().dir()).resolve("clip.mp4"));
        String get = "GET /api/cases/" + c.id() + "/files/clip.mp4 HTTP/1.1\r\nHost: x\r\nCookie: " + l.cookie()
                + "\r\nRange: ";
        long before = openDescriptors();
        try (RawHttp h = new RawHttp(port)) {
            for (int i = 0; i < 200; i++) {
                RawHttp.Reply r = h.send(get + "bytes=99999999999999999999-\r\n\r\n").read();
                assertThat(r.status()).isEqualTo(416);
                assertThat(r.header("Content-Range")).isEqualTo("bytes */" + size);
            }
            for (String whole : List.of("bytes=0-99999999999999999999", "bytes=-99999999999999999999")) {
                RawHttp.Reply r = h.send(get + whole + "\r\n\r\n").read();
                assertThat(r.status()).as(whole).isEqualTo(206);
                assertThat((long) r.body().length).as(whole).isEqualTo(size);
            }
        }
        assertThat(openDescriptors()).as("descriptors open in this process").isLessThanOrEqualTo(before + 5);
    }

    @Test
    void fortyPipelinedRequestsAreAnsweredInRequestOrder() throws Exception {
        Login l = login("li.wei");
        Case c = cases.get(2);
        byte[] clip = Files.readAllBytes(ev.folder.resolve(c.evidence().dir()).resolve("clip.mp4"));
        assertThat(clip.length).isGreaterThan(41_000);
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            String path = i % 2 == 0 ? "/api/cases/" + cases.get(i / 2 % cases.size()).id()
                    : "/api/cases/" + c.id() + "/files/clip.mp4";
            requests.append("GET ").append(path).append(" HTTP/1.1\r\nHost: x\r\nCookie: ").append(l.cookie());
            if (i % 2 == 1) {
                requests.append("\r\nRange: bytes=").append(i * 1000).append('-').append(i * 1000 + 999 + i);
            }
            requests.append("\r\n\r\n");
        }
        try (RawHttp h = new RawHttp(port)) {
            h.send(requests.toString());
            for (int i = 0; i < 40; i++) {
                RawHttp.Reply r = h.read();
                if (i % 2 == 0) {
                    assertThat(r.status()).as("response %d", i).isEqualTo(200);
                    assertThat(JSON.readTree(r.body()).path("id").asString()).as("response %d", i)
                            .isEqualTo(cases.get(i / 2 % cases.size()).id());
                } else {
                    assertThat(r.status()).as("response %d", i).isEqualTo(206);
                    assertThat(r.body()).as("response %d", i).isEqualTo(Arrays.copyOfRange(clip, i * 1000, i * 1000 + 1000 + i));
                }
            }
        }
    }

    @Test
    void aSymlinkInACaseFolderIsNotServed() throws Exception {
        Login l = login("li.wei");
        Case c = cases.get(3);
        Path folder = ev.folder.resolve(c.evidence().dir());
        String still = c.evidence().files().stream().map(EvidenceFile::name).filter(n -> n.endsWith(".jpg")).findFirst().orElseThrow();
        Path outside = Files.writeString(dir.resolve("not-evidence.txt"), "a file outside the case");
        Files.delete(folder.resolve(still));
        Files.createSymbolicLink(folder.resolve(still), outside);
        assertThat(get("/api/cases/" + c.id() + "/files/" + still, l).statusCode()).isEqualTo(404);
        // the case folder itself a link to a folder elsewhere with the same names
        Path moved = dir.resolve("moved-case");
        Files.move(folder, moved);
        Files.createSymbolicLink(folder, moved);
        assertThat(get("/api/cases/" + c.id() + "/files/clip.mp4", l).statusCode()).isEqualTo(404);
    }

    @Test
    void statsAreForOperatorsAndShowConfirmationRates() throws Exception {
        assertThat(get("/api/stats", login("li.wei")).statusCode()).isEqualTo(403);
        Login ops = login("zhang.ops");
        review(cases.get(0), "confirm", "", ops);
        JsonNode stats = JSON.readTree(get("/api/stats", ops).body());
        JsonNode rule = stats.path("rules").get(0);
        assertThat(rule.path("rule").asString()).isEqualTo("street_vending");
        assertThat(rule.path("cases").asInt()).isEqualTo(4);
        assertThat(stats.path("cameras").get(0).path("camera").asString()).isEqualTo("cam-1");
        assertThat(get("/api/export", ops).statusCode()).isEqualTo(200);
    }

    @Test
    void statsCountEachZoneEachRejectionReasonAndEachDay() throws Exception {
        List<Case> mine = ev.record("cam-stats", 4);
        Login ops = login("zhang.ops");
        review(mine.get(0), "confirm", "", ops);
        review(mine.get(1), "reject", "stats: licensed stall", ops);
        review(mine.get(2), "reject", "stats: licensed stall", ops);
        review(mine.get(3), "reject", "stats: duplicate", ops);
        JsonNode stats = JSON.readTree(get("/api/stats?tz_offset_min=480", ops).body());
        JsonNode zone = null;
        for (JsonNode z : stats.path("zones")) {
            if (z.path("camera").asString().equals("cam-stats")) {
                zone = z;
            }
        }
        assertThat(zone).as("cam-stats has one zone").isNotNull();
        assertThat(zone.path("zone").asString()).isEqualTo("plaza");
        assertThat(new int[] {zone.path("cases").asInt(), zone.path("confirmed").asInt(), zone.path("rejected").asInt()})
                .containsExactly(4, 1, 3);
        List<String> reasons = new ArrayList<>();
        for (JsonNode r : stats.path("reasons")) {
            if (r.path("reason").asString("").startsWith("stats: ")) {
                reasons.add(r.path("rule").asString() + " " + r.path("reason").asString() + " "
                        + r.path("rejected").asInt());
            }
        }
        assertThat(reasons).as("the most frequent first").containsExactly(
                "street_vending stats: licensed stall 2", "street_vending stats: duplicate 1");
        // each case on the day of its confirmation at UTC+8; together every case counted
        java.util.Set<String> days = new java.util.TreeSet<>();
        int counted = 0;
        for (JsonNode d : stats.path("daily")) {
            assertThat(d.path("rule").asString()).isEqualTo("street_vending");
            days.add(d.path("day").asString());
            counted += d.path("cases").asInt();
        }
        assertThat(counted).isEqualTo(stats.path("total").get(0).path("cases").asInt());
        java.util.Set<String> expected = new java.util.TreeSet<>();
        for (Case c : ev.store.list(org.streetwatch.evidence.store.CaseQuery.all())) {
            expected.add(java.time.Instant.ofEpochMilli(c.when().confirmedAt()).atOffset(java.time.ZoneOffset.ofHours(8))
                    .toLocalDate().toString());
        }
        assertThat(days).isEqualTo(expected);
        assertThat(get("/api/stats?tz_offset_min=east", ops).statusCode()).isEqualTo(400);
        assertThat(get("/api/stats?tz_offset_min=900", ops).statusCode()).isEqualTo(400);
    }

    @Test
    void loggingOutOrANewPasswordEndsTheSession() throws Exception {
        Login l = login("mover");
        assertThat(get("/api/session", l).statusCode()).isEqualTo(200);
        users.password("mover", "another long password".toCharArray());
        assertThat(get("/api/session", l).statusCode()).isEqualTo(401);

        Login w = login("li.wei");
        HttpResponse<String> out = post("/api/logout", "", w, "X-CSRF-Token", w.csrf());
        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(get("/api/cases", w).statusCode()).isEqualTo(401);
    }

    @Test
    void thePageIsServedWithAStrictContentSecurityPolicy() throws Exception {
        HttpResponse<String> page = get("/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'");
        assertThat(page.body()).contains("/static/app.js");
        assertThat(get("/static/app.js", null).statusCode()).isEqualTo(200);
        assertThat(get("/static/other.js", null).statusCode()).isEqualTo(404);
    }

    private String raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = in.readNBytes(4096);
            return new String(buf, StandardCharsets.ISO_8859_1);
        } catch (java.net.SocketTimeoutException e) {
            return "";
        }
    }

    private static long openDescriptors() throws Exception {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static int status(String response) {
        String[] first = response.split("\r\n", 2)[0].split(" ");
        return first.length > 1 ? Integer.parseInt(first[1]) : -1;
    }
}
