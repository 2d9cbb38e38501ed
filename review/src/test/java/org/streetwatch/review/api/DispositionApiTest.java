package org.streetwatch.review.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.disposition.Dispositions;
import org.streetwatch.evidence.integrity.Verifier;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.testing.Evidence;
import org.streetwatch.review.http.HttpServer;
import org.streetwatch.review.http.Router;

/** The command centre's callback over a real server: the service token, the steps, and what it refuses. */
class DispositionApiTest {

    private static final String TOKEN = "s3rvice-token-for-the-command-centre";

    @TempDir
    static Path dir;
    static Evidence ev;
    static HttpServer server;
    static int port;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        ev = new Evidence(dir);
        Router router = new Router();
        new DispositionApi(new Dispositions(ev.reviews), TOKEN).register(router);
        server = new HttpServer(router, new HttpServer.Limits(64 * 1024, 100, 100, Duration.ofSeconds(60),
                Duration.ofSeconds(30), 64));
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

    private HttpResponse<String> post(String authorization, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/dispositions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String step(String caseId, String step) {
        return "{\"case_id\":\"" + caseId + "\",\"step\":\"" + step + "\",\"by\":\"team 7\",\"note\":\"stall removed\"}";
    }

    private static Case exported() throws Exception {
        Case c = ev.record("cam-h", 1).get(0);
        ev.reviews.decide(c.id(), CaseStatus.CONFIRMED, "li.wei", null);
        return ev.reviews.exported(c.id(), "export:webhook", "200");
    }

    @Test
    void theServiceTokenMovesACaseToHandledOnceEach() throws Exception {
        Case c = exported();
        HttpResponse<String> r = post("Bearer " + TOKEN, step(c.id(), "dispatched"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"dispatched\"", "\"applied\":true");
        r = post("Bearer " + TOKEN, step(c.id(), "dispatched")); // the platform retried: nothing changes
        assertThat(r.body()).contains("\"status\":\"dispatched\"", "\"applied\":false");
        r = post("bearer " + TOKEN, step(c.id(), "handled"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"handled\"", "\"applied\":true");
        assertThat(ev.store.events(c.id())).extracting(CaseStore.Event::action)
                .containsExactly("created", "confirmed", "exported", "dispatched", "handled");
        assertThat(ev.store.events(c.id()).get(4).actor()).isEqualTo(DispositionApi.ACTOR);
        assertThat(ev.store.events(c.id()).get(4).detail()).isEqualTo("by team 7: stall removed");
        assertThat(Verifier.verify(ev.root, ev.store).problems()).isEmpty();
    }

    @Test
    void aWrongOrMissingTokenIs401AndChangesNothing() throws Exception {
        Case c = exported();
        for (String auth : new String[] {null, "Bearer wrong", "Bearer " + TOKEN + "x", "Basic " + TOKEN, "Bearer "}) {
            HttpResponse<String> r = post(auth, step(c.id(), "dispatched"));
            assertThat(r.statusCode()).as(String.valueOf(auth)).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(r.body()).doesNotContain(TOKEN);
        }
        assertThat(ev.store.get(c.id()).orElseThrow().review().status()).isEqualTo(CaseStatus.EXPORTED);
    }

    @Test
    void aStepOutOfOrderAnUnknownCaseAndNonsenseAreRefusedClearly() throws Exception {
        Case c = exported();
        HttpResponse<String> r = post("Bearer " + TOKEN, step(c.id(), "handled"));
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).contains("a exported case cannot become handled");
        Case pending = ev.record("cam-h", 1).get(0);
        assertThat(post("Bearer " + TOKEN, step(pending.id(), "dispatched")).statusCode()).isEqualTo(409);
        assertThat(post("Bearer " + TOKEN, step("20990101-000000-000-nosuch", "dispatched")).statusCode())
                .isEqualTo(404);
        r = post("Bearer " + TOKEN, step(c.id(), "verified")); // only streetwatch's re-check verifies
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("step is dispatched or handled");
        assertThat(post("Bearer " + TOKEN, "{\"step\":\"handled\"}").statusCode()).isEqualTo(400);
        assertThat(post("Bearer " + TOKEN, "not json").statusCode()).isEqualTo(400);
        assertThat(ev.store.get(c.id()).orElseThrow().review().status()).isEqualTo(CaseStatus.EXPORTED);
        assertThat(ev.store.get(pending.id()).orElseThrow().review().status()).isEqualTo(CaseStatus.PENDING);
    }
}
