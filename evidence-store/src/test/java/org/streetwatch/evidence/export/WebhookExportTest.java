package org.streetwatch.evidence.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.export.proto.CaseReport;
import org.streetwatch.evidence.testing.Evidence;

/** The webhook sink against a real HTTP receiver that fails twice before it accepts. */
class WebhookExportTest {

    record Received(String key, String signature, byte[] body) {
    }

    @Test
    void casesArePostedSignedWithTheirIdAsIdempotencyKeyAndRetriedUntilAccepted(@TempDir Path dir) throws Exception {
        byte[] secret = "shared secret of the command centre".getBytes(StandardCharsets.UTF_8);
        List<Received> received = new CopyOnWriteArrayList<>();
        AtomicInteger failuresLeft = new AtomicInteger(2);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/cases", x -> {
            byte[] body = x.getRequestBody().readAllBytes();
            int status = failuresLeft.getAndDecrement() > 0 ? 503 : 202;
            if (status == 202) {
                received.add(new Received(x.getRequestHeaders().getFirst("Idempotency-Key"),
                        x.getRequestHeaders().getFirst("X-Streetwatch-Signature"), body));
            }
            x.sendResponseHeaders(status, -1);
            x.close();
        });
        receiver.start();
        try (Evidence ev = new Evidence(dir)) {
            Case c = ev.record("cam-w", 1).get(0);
            URI url = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/cases");
            try (Exporter ex = new Exporter(ev.reviews, new CaseReports(ev.folder, "key"),
                    new WebhookSink(url, secret, Duration.ofSeconds(5)), Duration.ofMillis(50), Duration.ofMillis(200),
                    ev.registry)) {
                ex.start();
                ev.reviews.decide(c.id(), CaseStatus.CONFIRMED, "li.wei", null);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (ev.store.get(c.id()).orElseThrow().review().status() != CaseStatus.EXPORTED) {
                    assertThat(System.nanoTime()).as("exported in time").isLessThan(deadline);
                    Thread.sleep(50);
                }
                assertThat(ex.status().failures()).isEqualTo(2);
            }
            assertThat(received).hasSize(1);
            Received r = received.get(0);
            assertThat(r.key()).isEqualTo(c.id());
            assertThat(CaseReport.parseFrom(r.body()).getCaseId()).isEqualTo(c.id());
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            assertThat(r.signature()).isEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(r.body())));
        } finally {
            receiver.stop(0);
        }
    }
}
