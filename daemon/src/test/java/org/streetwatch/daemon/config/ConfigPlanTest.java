package org.streetwatch.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.streetwatch.config.ConfigException;
import org.streetwatch.ingest.camera.Camera;
import org.streetwatch.ingest.frame.FrameSize;
import org.streetwatch.ingest.testing.SharedData;
import org.streetwatch.review.http.HttpServer;

/** The loaded config as typed parameters: units converted once, cameras resolved against the ingest defaults. */
class ConfigPlanTest {

    @TempDir
    Path dir;

    @Test
    void sectionsAreTypedParamsInTheUnitsTheirUsersTake() throws Exception {
        Path f = dir.resolve("streetwatch.yaml");
        Files.writeString(f, """
                http: {port: 0, idle_s: 2.5, max_body_bytes: 4096, secure_cookies: true}
                ingest: {sample_interval_s: 0.5, ring_s: 4, ring_max_mb: 1.5, reconnect_min_s: 0.25}
                evidence: {pre_roll_s: 3, retention_days: 0, budget_gb: 2, time_zone: Europe/Paris}
                review: {session_idle_s: 120, preview_s: 30}
                export: {sink: webhook, retry_max_s: 5, webhook: {url: "https://example.org/cases", timeout_s: 3}}
                dispositions: {kafka: {bootstrap_servers: "k:9092"}}
                cameras:
                  - {id: a, url: VIDEO}
                  - {id: b, url: VIDEO, sample_interval_s: 2}
                """.replace("VIDEO", SharedData.video("vtest_h264.mp4").toString()));
        StreetwatchConfig cfg = ConfigLoader.load(f);

        assertThat(cfg.http().limits()).isEqualTo(new HttpServer.Limits(4096, 10_000, 256, Duration.ofMillis(2500),
                Duration.ofSeconds(30), 512));
        assertThat(cfg.http().secureCookies()).isTrue();
        assertThat(cfg.ingest().ringMaxBytes()).isEqualTo(3L << 19);
        assertThat(cfg.ingest().reconnectMin()).isEqualTo(Duration.ofMillis(250));
        assertThat(cfg.evidence().preRollUs()).isEqualTo(3_000_000L);
        assertThat(cfg.evidence().retentionMaxAge()).isNull();
        assertThat(cfg.evidence().budgetBytes()).isEqualTo(2L << 30);
        assertThat(cfg.timeZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(cfg.review().sessionIdle()).isEqualTo(Duration.ofMinutes(2));
        assertThat(cfg.review().previewUs()).isEqualTo(30_000_000L);
        assertThat(cfg.export().retryMax()).isEqualTo(Duration.ofSeconds(5));
        assertThat(cfg.export().webhook().timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(cfg.dispositions().kafka().topic()).isEqualTo("streetwatch.dispositions");
        assertThat(cfg.cluster().enabled()).isFalse();

        Camera a = cfg.camera(cfg.cameras().get(0), false, FrameSize.FULL);
        Camera b = cfg.camera(cfg.cameras().get(1), false, FrameSize.FULL);
        assertThat(a.sampleInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(cfg.cameras().get(0).intervalPinned()).isFalse();
        assertThat(b.sampleInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(cfg.cameras().get(1).intervalPinned()).isTrue();
        assertThat(a.ringWindow()).isEqualTo(Duration.ofSeconds(4));
    }

    /** Each owner's check of what spans its keys, run by the loader, is one line naming the file and the key. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ingest: {reconnect_min_s: 9, reconnect_max_s: 3}|ingest.reconnect_min_s: expected at most reconnect_max_s",
        "export: {retry_min_s: 9, retry_max_s: 3}|export.retry_min_s: expected at most retry_max_s",
        "export: {sink: webhook, webhook: {url: ftp://x}}|export.webhook.url: expected an http:// or https:// URL "
                + "(export.sink is webhook)",
        "export: {sink: webhook, webhook: {url: \"https://x\", secret_env: SW_NOT_SET_1}}|export.webhook.secret_env: "
                + "the environment variable SW_NOT_SET_1 is not set",
        "export: {sink: kafka, kafka: {bootstrap_servers: \"k:9092\", properties_file: none.properties}}|"
                + "export.kafka.properties_file: expected a readable file, not DIR/none.properties",
        "evidence: {database_password_env: SW_NOT_SET_2}|evidence.database_password_env: the environment variable "
                + "SW_NOT_SET_2 is not set",
        "cluster: {enabled: true, bootstrap_servers: \"k:9092\", properties_file: none.properties}|"
                + "cluster.properties_file: expected a readable file, not DIR/none.properties",
        "detector: {zone_pack: true}|detector.zone_pack: needs zone_crop: true (it packs the zone boxes of several "
                + "cameras into one inference)"})
    void eachOwnersCrossKeyCheckIsOneLine(String yaml, String message) throws Exception {
        Path f = dir.resolve("streetwatch.yaml");
        Files.writeString(f, yaml + "\n");
        assertThatThrownBy(() -> ConfigLoader.load(f)).isInstanceOf(ConfigException.class)
                .hasMessage(f + ": " + message.replace("DIR", dir.toString()));
    }
}
