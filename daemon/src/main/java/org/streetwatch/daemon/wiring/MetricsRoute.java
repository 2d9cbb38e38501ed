package org.streetwatch.daemon.wiring;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import org.streetwatch.review.http.Request;
import org.streetwatch.review.http.Response;
import org.streetwatch.review.http.Router;

/** {@code GET /metrics} in the Prometheus text format. */
final class MetricsRoute implements Router.Handler {

    private final PrometheusRegistry registry;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    MetricsRoute(PrometheusRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Response handle(Request request) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16_384);
        writer.write(out, registry.scrape(), io.prometheus.metrics.config.EscapingScheme.ALLOW_UTF8);
        return Response.bytes(200, PrometheusTextFormatWriter.CONTENT_TYPE, out.toByteArray());
    }
}
