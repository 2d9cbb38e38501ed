package org.streetwatch.daemon.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.streetwatch.ingest.testing.FleetHarness.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.ingest.camera.CameraSession;
import org.streetwatch.ingest.testing.Footage;
import org.streetwatch.ingest.testing.Metrics;
import org.streetwatch.ingest.testing.RtspServer;
import org.streetwatch.ingest.testing.SharedData;

/** Editing the config file while the daemon runs: cameras, zones and thresholds change without a restart. */
class LiveReloadTest {

    private static final String CONFIG = """
            http: {port: 0}
            detector: {models_dir: "MODELS"}
            evidence: {dir: evidence}
            rules: {street_vending: {dwell_s: DWELL}}
            cameras:
            CAMERAS
            """;

    static String camera(String id, String url) {
        return "  - id: " + id + "\n    url: " + url + "\n"
                + "    zones: [{id: z, type: no_vending, polygon: [[0, 0], [1, 0], [1, 1]]}]\n";
    }

    /** Replaces the config file the way editors do: a new file renamed over it. */
    static void write(Path file, String dwell, String cameras) throws Exception {
        Path tmp = file.resolveSibling("tmp.yaml");
        Files.writeString(tmp, CONFIG.replace("MODELS", SharedData.models().toString()).replace("DWELL", dwell)
                .replace("CAMERAS\n", cameras));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean up(Daemon d, String id) {
        return d.fleet().session(id).map(CameraSession::up).orElse(false);
    }

    @Test
    void camerasAndThresholdsChangeWithoutARestartAndABadEditIsRefused(@TempDir Path dir) throws Exception {
        try (RtspServer server = RtspServer.start(3, Footage.vtestLong(8))) {
            Path file = dir.resolve("streetwatch.yaml");
            write(file, "180", camera("a", server.url("cam0")) + camera("b", server.url("cam1")));
            Daemon d = Daemon.start(ConfigLoader.load(file), false);
            try {
                await("a and b up", Duration.ofSeconds(15), () -> up(d, "a") && up(d, "b"));
                CameraSession a = d.fleet().session("a").orElseThrow();

                write(file, "60", camera("a", server.url("cam0")) + camera("c", server.url("cam2")));
                await("reload applied", Duration.ofSeconds(15), () -> d.fleet().session("c").isPresent()
                        && d.fleet().session("b").isEmpty()
                        && d.scene("a").rules().get("street_vending").getDouble("dwell_s") == 60.0);
                assertThat(d.fleet().session("a")).containsSame(a);
                assertThat(Metrics.value(d.registry(), "streetwatch_camera_reconnects_total", "a")).isZero();
                await("c up", Duration.ofSeconds(15), () -> up(d, "c"));

                Files.writeString(file, Files.readString(file).replace("dwell_s: 60", "dwell_s: -5"));
                await("bad edit refused", Duration.ofSeconds(15), () -> refused(d.registry()) >= 1);
                assertThat(d.scene("a").rules().get("street_vending").getDouble("dwell_s")).isEqualTo(60.0);
                assertThat(d.fleet().session("c")).isPresent();
            } finally {
                d.close();
            }
        }
    }

    /** Config changes the watcher refused, as its counter says. */
    static double refused(io.prometheus.metrics.model.registry.PrometheusRegistry registry) {
        for (var s : registry.scrape()) {
            if (s.getMetadata().getPrometheusName().equals("streetwatch_config_reloads")) {
                for (var dp : s.getDataPoints()) {
                    if ("refused".equals(dp.getLabels().get("result"))) {
                        return ((io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot) dp)
                                .getValue();
                    }
                }
            }
        }
        return 0;
    }
}
