package org.streetwatch.evidence.cases;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.LongSupplier;

/** Metrics of the evidence store. */
public final class EvidenceMetrics {

    private final Counter cases;
    private final Counter failed;
    private final Counter clipsSkipped;
    private final Counter stillsSkipped;

    public EvidenceMetrics(PrometheusRegistry registry, LongSupplier freeBytes) {
        cases = Counter.builder().name("streetwatch_cases_total").help("Cases recorded")
                .labelNames("rule", "camera").register(registry);
        failed = Counter.builder().name("streetwatch_case_write_failures_total")
                .help("Violations whose case could not be written").register(registry);
        clipsSkipped = Counter.builder().name("streetwatch_clips_skipped_total")
                .help("Cases recorded without a clip because the evidence disk was nearly full").register(registry);
        stillsSkipped = Counter.builder().name("streetwatch_stills_skipped_total")
                .help("Still pictures not kept because the evidence disk was full").register(registry);
        GaugeWithCallback.builder().name("streetwatch_evidence_free_bytes").help("Free space on the evidence disk")
                .callback(cb -> cb.call(freeBytes.getAsLong())).register(registry);
    }

    void caseRecorded(String rule, String camera) {
        cases.labelValues(rule, camera).inc();
    }

    void caseFailed() {
        failed.inc();
    }

    void clipSkipped() {
        clipsSkipped.inc();
    }

    void stillsSkipped(int n) {
        stillsSkipped.inc(n);
    }
}
