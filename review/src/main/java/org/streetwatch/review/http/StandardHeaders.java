package org.streetwatch.review.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import java.util.Map;

/**
 * The headers every answer carries: its type, no MIME sniffing, no referrer to other sites, nothing cached (evidence
 * and sessions must not linger in shared caches), whether the connection stays open; then the route's own headers.
 */
final class StandardHeaders {

    private StandardHeaders() {
    }

    static void apply(HttpResponse res, Response r, boolean keepAlive) {
        if (r.contentType() != null) {
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        }
        res.headers().set("X-Content-Type-Options", "nosniff");
        res.headers().set("Referrer-Policy", "same-origin");
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            res.headers().set(h.getKey(), h.getValue());
        }
        res.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
    }
}
