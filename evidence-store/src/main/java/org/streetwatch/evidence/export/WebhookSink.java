package org.streetwatch.evidence.export;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.streetwatch.evidence.export.proto.CaseReport;
import org.streetwatch.redact.SafeUrl;

/**
 * Confirmed cases as HTTP POSTs for platforms without Kafka: body = {@link CaseReport} bytes, header
 * {@code Idempotency-Key} = case id (the receiver drops repeats), and, with a shared secret,
 * {@code X-Streetwatch-Signature: sha256=HMAC(secret, body)} so the receiver knows who sent it. Any 2xx is an
 * acknowledgement; anything else is retried.
 */
public final class WebhookSink implements CaseSink {

    private final URI url;
    private final byte[] secret;
    private final Duration timeout;
    private final HttpClient client;

    /** @param secret the HMAC key, or null for none */
    public WebhookSink(URI url, byte[] secret, Duration timeout) {
        this.url = url;
        this.secret = secret;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public String deliver(CaseReport report) throws Exception {
        byte[] body = report.toByteArray();
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", KafkaSink.CONTENT_TYPE)
                .header("Idempotency-Key", report.getCaseId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (secret != null) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            b.header("X-Streetwatch-Signature", "sha256=" + HexFormat.of().formatHex(mac.doFinal(body)));
        }
        HttpResponse<Void> res = client.send(b.build(), HttpResponse.BodyHandlers.discarding());
        if (res.statusCode() / 100 != 2) {
            throw new java.io.IOException(SafeUrl.redactUrl(url.toString()) + " answered HTTP " + res.statusCode());
        }
        return "HTTP " + res.statusCode();
    }

    /** A webhook cannot be asked; the receiver deduplicates by {@code Idempotency-Key}. */
    @Override
    public Set<String> alreadyHas(Collection<String> caseIds, long sinceMs) {
        return Set.of();
    }

    /** Java 17's HttpClient has no close: its selector thread ends once the client is unreachable. */
    @Override
    public void close() {
    }
}
