package org.streetwatch.detector.analysis;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Metrics of analysis: inference time, pictures the motion gate spared, violations confirmed, near misses. */
public final class DetectorMetrics {

    private final Histogram inference;
    private final Counter gated;
    private final Counter violations;
    private final Counter nearMisses;

    public DetectorMetrics(PrometheusRegistry registry) {
        inference = Histogram.builder().name("streetwatch_inference_seconds")
                .help("Time of one picture through the detector (all tiles)").classicOnly().withoutExemplars()
                .classicUpperBounds(0.005, 0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28).register(registry);
        gated = Counter.builder().name("streetwatch_frames_gated_total")
                .help("Pictures that skipped inference because nothing changed in the zones").labelNames("camera")
                .withoutExemplars().register(registry);
        violations = Counter.builder().name("streetwatch_violations_total").help("Violations confirmed by the rules")
                .labelNames("rule", "camera").register(registry);
        nearMisses = Counter.builder().name("streetwatch_near_misses_total")
                .help("Near misses the rules recorded without a case (a wet patch with nobody near)")
                .labelNames("rule", "camera").register(registry);
    }

    void inferred(double seconds) {
        inference.observe(seconds);
    }

    void gated(String camera) {
        gated.labelValues(camera).inc();
    }

    public void violation(String rule, String camera) {
        violations.labelValues(rule, camera).inc();
    }

    public void nearMiss(String rule, String camera) {
        nearMisses.labelValues(rule, camera).inc();
    }

    void forget(String camera) {
        gated.remove(camera);
    }
}
