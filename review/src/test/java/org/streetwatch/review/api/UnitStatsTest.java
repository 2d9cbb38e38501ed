package org.streetwatch.review.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.cases.RecheckRecorder;
import org.streetwatch.evidence.disposition.Disposition;
import org.streetwatch.evidence.disposition.Dispositions;
import org.streetwatch.evidence.integrity.Verifier;
import org.streetwatch.evidence.testing.Evidence;
import org.streetwatch.review.auth.Role;
import org.streetwatch.review.auth.Users;
import org.streetwatch.review.http.HttpServer;
import org.streetwatch.violation.Still;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /api/stats} per responsible unit: cases, repeats, recurrences, time to resolution, per district. */
class UnitStatsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    static Path dir;
    static Evidence ev;
    static HttpServer server;
    static int port;
    static String verified;
    static final byte[] AFTER = {(byte) 0xff, (byte) 0xd8, 1, 2, 3, (byte) 0xff, (byte) 0xd9};
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        ev = new Evidence(dir);
        // shop-a (district main): four cases of one rule, one rejected; one taken through to verified, one recurred
        ev.unit = "shop-a";
        List<Case> a = ev.record("cam-u1", 5);
        for (Case c : a.subList(0, 4)) {
            ev.reviews.decide(c.id(), CaseStatus.CONFIRMED, "li.wei", null);
        }
        ev.reviews.decide(a.get(4).id(), CaseStatus.REJECTED, "li.wei", "licensed");
        RecheckRecorder rechecks = new RecheckRecorder(ev.folder, ev.signer, ev.reviews);
        Dispositions dispositions = new Dispositions(ev.reviews);
        for (Case c : a.subList(0, 2)) {
            ev.reviews.exported(c.id(), "export:folder", "ok");
            dispositions.apply(new Disposition(c.id(), CaseStatus.DISPATCHED, "team 1", null, null), "test");
            dispositions.apply(new Disposition(c.id(), CaseStatus.HANDLED, "team 1", null, null), "test");
        }
        rechecks.record(a.get(0).id(), List.of(new Still(30_000_000, System.currentTimeMillis(), 4, 3, AFTER,
                List.of(), List.of(), "plaza")), null);
        verified = a.get(0).id();
        rechecks.record(a.get(1).id(), List.of(), "cam-u1-street_vending-plaza-recheck-1");
        // shop-b, in another district
        ev.unit = "shop-b";
        ev.districts.put("cam-u2", "north");
        ev.reviews.decide(ev.record("cam-u2", 1).get(0).id(), CaseStatus.CONFIRMED, "li.wei", null);
        Users users = new Users(ev.db);
        users.add("zhang.ops", Role.OPERATOR, Set.of(Evidence.MAIN), PASSWORD.toCharArray());
        users.add("chief", Role.ADMIN, Set.of(), PASSWORD.toCharArray());
        server = ReviewApiTest.server(ev, users, null);
        port = server.start("127.0.0.1", 0);
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

    private JsonNode units(String user) throws Exception {
        return JSON.readTree(get(user, "/api/stats")).path("units");
    }

    private String get(String user, String path) throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"user\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).build(), HttpResponse.BodyHandlers.ofString(
                java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    @Test
    void theReCheckStillsAreServedWithTheCase() throws Exception {
        JsonNode c = JSON.readTree(get("zhang.ops", "/api/cases/" + verified));
        assertThat(c.path("status").asString()).isEqualTo("verified");
        assertThat(c.path("after")).hasSize(1);
        JsonNode after = c.path("after").get(0);
        assertThat(after.path("name").asString()).isEqualTo("after-1.jpg");
        assertThat(get("zhang.ops", after.path("url").asString()).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
                .isEqualTo(AFTER);
    }

    @Test
    void eachUnitsCasesRepeatsAndTimeToResolutionInTheCallersDistricts() throws Exception {
        JsonNode units = units("zhang.ops");
        assertThat(units).hasSize(1); // shop-b is another district's
        JsonNode a = units.get(0);
        assertThat(a.path("unit").asString()).isEqualTo("shop-a");
        assertThat(a.path("cases").asInt()).isEqualTo(4); // the rejected one was no violation
        assertThat(a.path("repeats").asInt()).isEqualTo(3);
        assertThat(a.path("recurred").asInt()).isEqualTo(1);
        assertThat(a.path("handled").asInt()).isEqualTo(2);
        assertThat(a.path("verified").asInt()).isEqualTo(1);
        // created just now, handled and verified moments later
        assertThat(a.path("mean_to_handled_s").asDouble()).isBetween(0.0, 60.0);
        // a mean over the one verified case, the other over both handled ones: no order between them is guaranteed
        assertThat(a.path("mean_to_verified_s").asDouble()).isBetween(0.0, 60.0);

        JsonNode all = units("chief");
        assertThat(all).extracting(u -> u.path("unit").asString()).containsExactly("shop-a", "shop-b");
        JsonNode b = all.get(1);
        assertThat(b.path("cases").asInt()).isEqualTo(1);
        assertThat(b.path("repeats").asInt()).isZero();
        assertThat(b.path("mean_to_handled_s").isNull()).isTrue();
        assertThat(Verifier.verify(ev.root, ev.store).problems()).isEmpty();
    }
}
