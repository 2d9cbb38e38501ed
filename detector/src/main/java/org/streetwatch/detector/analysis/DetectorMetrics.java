package org.streetwatch.detector.analysis;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.streetwatch.detector.aim.CameraState;

/**
 * Metrics of analysis: inference time, pictures the motion gate spared, violations confirmed, near misses, each
 * camera's aim and the time each zone was watched.
 */
public final class DetectorMetrics {

    private final Histogram inference;
    private final Histogram lag;
    private final Counter gated;
    private final Counter violations;
    private final Gauge cameraState;
    private final Gauge zoneShift;
    private final Counter coverage;
    private final Counter nearMisses;

    public DetectorMetrics(PrometheusRegistry registry) {
        inference = Histogram.builder().name("streetwatch_inference_seconds")
                .help("Time of one picture through the detector (all tiles)").classicOnly().withoutExemplars()
                .classicUpperBounds(0.005, 0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28).register(registry);
        lag = Histogram.builder().name("streetwatch_analysis_lag_seconds")
                .help("From a picture's stream time (on the wall clock) to the end of its analysis: a live camera's "
                        + "picture ages this much in the queue and the detector").classicOnly().withoutExemplars()
                .classicUpperBounds(0.25, 0.5, 1, 1.5, 2, 3, 5, 10, 30).register(registry);
        gated = Counter.builder().name("streetwatch_frames_gated_total")
                .help("Pictures that skipped inference because nothing changed in the zones").labelNames("camera")
                .withoutExemplars().register(registry);
        violations = Counter.builder().name("streetwatch_violations_total").help("Violations confirmed by the rules")
                .labelNames("rule", "camera").register(registry);
        cameraState = Gauge.builder().name("streetwatch_camera_state")
                .help("1 for the state of each camera's picture against its reference (ok, shifted, misaimed, "
                        + "covered, blurred), 0 for the others").labelNames("camera", "state").register(registry);
        zoneShift = Gauge.builder().name("streetwatch_zone_shift_pixels")
                .help("How far each camera's zones are moved with its shifted picture (mean corner move, in "
                        + "camera pixels)")
                .labelNames("camera").register(registry);
        coverage = Counter.builder().name("streetwatch_zone_coverage_seconds_total")
                .help("Camera time each zone was watched by its camera's rules (active, camera not suspended)")
                .labelNames("camera", "zone").withoutExemplars().register(registry);
        nearMisses = Counter.builder().name("streetwatch_near_misses_total")
                .help("Near misses the rules recorded without a case (a wet patch with nobody near)")
                .labelNames("rule", "camera").register(registry);
    }

    void aim(String camera, CameraState state, double shiftPixels) {
        for (CameraState s : CameraState.values()) {
            cameraState.labelValues(camera, s.key()).set(s == state ? 1 : 0);
        }
        zoneShift.labelValues(camera).set(state == CameraState.SHIFTED ? shiftPixels : 0);
    }

    void watched(String camera, String zone, double seconds) {
        coverage.labelValues(camera, zone).inc(seconds);
    }

    void inferred(double seconds) {
        inference.observe(seconds);
    }

    void analysed(double lagSeconds) {
        lag.observe(lagSeconds);
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

    /** A camera no longer configured: its aim is no one's concern. */
    void forgetAim(String camera) {
        for (CameraState s : CameraState.values()) {
            cameraState.remove(camera, s.key());
        }
        zoneShift.remove(camera);
    }
}
