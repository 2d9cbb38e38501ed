package org.streetwatch.daemon.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.ingest.testing.Footage;
import org.streetwatch.ingest.testing.SharedData;

/**
 * Two live cameras on the same footage (a file played in real time), watched only by the vending rule: the one left
 * to adaptive sampling is decoded every sampling.still_s (on the next 2 s GOP's keyframe: every 4 s), the one with its
 * own sample_interval_s every second.
 */
class AdaptiveSamplingTest {

    private static final String ZONES = "    zones: [{id: plaza, type: no_vending, polygon: [[0.40, 0.30], [0.70, 0.30], "
            + "[0.70, 0.62], [0.40, 0.62]]}]\n";

    @Test
    void aCameraWatchedOnlyByStationaryRulesIsDecodedLessOftenThanAPinnedOne(@TempDir Path dir) throws Exception {
        Path video = Footage.vtestGop2s();
        Path cfg = dir.resolve("streetwatch.yaml");
        Files.writeString(cfg, "http: {port: 0}\ndetector: {models_dir: \"" + SharedData.models() + "\"}\n"
                + "evidence: {dir: evidence}\ncameras:\n"
                + "  - id: paced\n    url: \"" + video + "\"\n" + ZONES
                + "  - id: pinned\n    url: \"" + video + "\"\n    sample_interval_s: 1\n" + ZONES);
        Daemon daemon = Daemon.start(ConfigLoader.load(cfg), false);
        String metrics;
        try {
            Thread.sleep(13_000);
            metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + daemon.httpPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } finally {
            daemon.close();
        }
        int paced = sampled(metrics, "paced");
        int pinned = sampled(metrics, "pinned");
        assertThat(pinned).as("one a second").isGreaterThanOrEqualTo(8);
        assertThat(paced).as("one per 4 s, against " + pinned).isGreaterThanOrEqualTo(1).isLessThanOrEqualTo(pinned / 2);
    }

    private static int sampled(String metrics, String camera) {
        Matcher m = Pattern.compile("streetwatch_frames_sampled_total\\{camera=\"" + camera + "\"} (\\d+)")
                .matcher(metrics);
        assertThat(m.find()).as(camera).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
