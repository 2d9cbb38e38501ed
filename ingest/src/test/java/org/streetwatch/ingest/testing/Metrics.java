package org.streetwatch.ingest.testing;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

/** Reads one camera's value of a metric from a registry, as a scrape would. */
public final class Metrics {

    private Metrics() {
    }

    public static double value(PrometheusRegistry registry, String name, String camera) {
        String bare = name.endsWith("_total") ? name.substring(0, name.length() - 6) : name;
        for (MetricSnapshot s : registry.scrape()) {
            if (!s.getMetadata().getPrometheusName().equals(bare)) {
                continue;
            }
            for (DataPointSnapshot dp : s.getDataPoints()) {
                if (camera.equals(dp.getLabels().get("camera"))) {
                    if (dp instanceof CounterSnapshot.CounterDataPointSnapshot c) {
                        return c.getValue();
                    }
                    if (dp instanceof GaugeSnapshot.GaugeDataPointSnapshot g) {
                        return g.getValue();
                    }
                }
            }
        }
        return 0;
    }
}
