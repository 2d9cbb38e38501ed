package org.streetwatch.daemon.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.daemon.config.StreetwatchConfig;

class ConfigWatcherTest {

    @TempDir
    Path dir;

    private static String cameras(int n) {
        StringBuilder y = new StringBuilder("cameras:\n");
        for (int i = 0; i < n; i++) {
            y.append("  - id: cam-").append(i).append("\n    url: rtsp://127.0.0.1:9/cam").append(i).append('\n');
        }
        return y.toString();
    }

    private final List<StreetwatchConfig> applied = new ArrayList<>();
    private final PrometheusRegistry registry = new PrometheusRegistry();

    /** The config file written with {@code yaml} and loaded; the watcher collects what it applies. */
    private ConfigWatcher watching(Path file, String yaml) throws java.io.IOException {
        Files.writeString(file, yaml);
        return new ConfigWatcher(file, Files.readAllBytes(file), applied::add, registry);
    }

    @Test
    void aFileCaughtHalfWrittenIsNotAppliedOnlyWhatItSettlesOn() throws Exception {
        Path file = dir.resolve("streetwatch.yaml");
        try (ConfigWatcher w = watching(file, cameras(3))) {
            // a tool writing five cameras in place, caught after the second: valid YAML, three cameras short
            String full = cameras(5);
            Files.writeString(file, full.substring(0, full.indexOf("  - id: cam-2")));
            w.poll();
            Files.writeString(file, full);
            w.poll();
            assertThat(applied).isEmpty();
            w.poll();
            assertThat(applied).hasSize(1);
            assertThat(applied.get(0).cameras()).hasSize(5);
            w.poll();
            assertThat(applied).as("applied once").hasSize(1);
        }
    }

    @Test
    void aChangeThatStaysIsAppliedAtTheSecondPollAndAnInvalidOneNever() throws Exception {
        Path file = dir.resolve("streetwatch.yaml");
        try (ConfigWatcher w = watching(file, cameras(1))) {
            Files.writeString(file, cameras(2));
            w.poll();
            assertThat(applied).isEmpty();
            w.poll();
            assertThat(applied).hasSize(1);
            assertThat(applied.get(0).cameras()).hasSize(2);
            Files.writeString(file, cameras(2) + "  - id: cam-1\n    url: rtsp://127.0.0.1:9/again\n");
            w.poll();
            w.poll();
            w.poll();
            assertThat(applied).as("duplicate camera id refused").hasSize(1);
            assertThat(LiveReloadTest.refused(registry)).as("refused once").isEqualTo(1.0);
        }
    }
}
