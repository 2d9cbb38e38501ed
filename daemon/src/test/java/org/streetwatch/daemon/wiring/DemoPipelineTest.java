package org.streetwatch.daemon.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.daemon.testing.ReviewClient;
import org.streetwatch.evidence.auth.Role;
import org.streetwatch.daemon.demo.DemoConfig;
import org.streetwatch.detector.model.ModelCatalog;
import org.streetwatch.evidence.export.proto.CaseReport;
import org.streetwatch.evidence.store.EvidenceFolder;
import org.streetwatch.hash.Sha256;
import org.streetwatch.ingest.testing.Footage;
import org.streetwatch.ingest.testing.SharedData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo's real path through every module: vtest footage as an H.264 camera, YOLOX-Nano through ONNX Runtime, the
 * tracker, the street-vending rule, a case with a remuxed clip and snapshots in SQLite, served by the API.
 */
class DemoPipelineTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void footageBecomesAReviewableCase(@TempDir Path dir) throws Exception {
        Path config = DemoConfig.write(dir, Footage.vtestGop2s(), 0);
        Files.writeString(config, Files.readString(config).replace("  model: yolox_nano\n",
                "  model: yolox_nano\n  models_dir: \"" + SharedData.models() + "\"\n")
                // the plaza's grid cell and position, and its own event code (店外经营 rather than the rule's 占道经营)
                .replace("        unit: \"demo-unit-01\"\n", """
                                unit: "demo-unit-01"
                                grid: "33010210100101"
                                longitude: 120.1551
                                latitude: 30.2741
                                rules: {street_vending: {event_code: "0504"}}
                        """));
        StreetwatchConfig cfg = ConfigLoader.load(config);
        ReviewClient.addUser(cfg, "li.wei", Role.REVIEWER);
        Daemon daemon = Daemon.start(cfg, true);
        JsonNode cases;
        String metrics;
        Path exported;
        try {
            daemon.awaitFilesDone(Duration.ofMinutes(5));
            ReviewClient api = new ReviewClient(daemon.httpPort()).login("li.wei");
            cases = api.get("/api/cases").get("cases");
            metrics = api.plain("/metrics");
            String first = cases.get(0).get("id").asString();
            api.review(first, "confirm", "vendor on the plaza");
            exported = cfg.evidenceDir().resolve("export").resolve(first + ".pb");
            for (int i = 0; i < 300 && !Files.exists(exported); i++) {
                Thread.sleep(100); // the exporter delivers on its own thread
            }
        } finally {
            daemon.close();
        }
        assertThat(cases.size()).isGreaterThanOrEqualTo(1);
        // 79.5 s at one analysed picture a second
        assertThat(metrics).contains("streetwatch_frames_analyzed_total{camera=\"campus-1\"} 80.0");
        String modelSha = new ModelCatalog(List.of(SharedData.models())).descriptor("yolox_nano").sha256();
        for (JsonNode c : cases) {
            // provenance: the signed manifest says what produced the case, and the API says the same
            JsonNode manifest = JSON.readTree(cfg.evidenceDir().resolve(c.get("files").get(0).get("path").asString())
                    .resolveSibling("manifest.json").toFile());
            JsonNode prov = manifest.get("provenance");
            assertThat(prov).as("manifest provenance").isNotNull();
            assertThat(prov.get("model").asString()).isEqualTo("yolox_nano");
            assertThat(prov.get("model_sha256").asString()).isEqualTo(modelSha);
            assertThat(prov.get("config_sha256").asString()).isEqualTo(Sha256.of(config));
            assertThat(prov.get("software_version").asString()).isEqualTo(Release.VERSION);
            assertThat(prov.get("parameters").get("dwell_s").asDouble()).as("the demo's rule override").isEqualTo(8.0);
            assertThat(prov.get("parameters").get("min_props").asInt()).isZero();
            assertThat(prov.get("parameters").get("min_persons").asInt()).as("the default").isEqualTo(1);
            for (JsonNode s : manifest.get("stills")) {
                assertThat(Instant.parse(s.get("at").asString()).toEpochMilli() - s.get("camera_us").asLong() / 1000)
                        .as("wall clock = camera time + offset").isEqualTo(prov.get("clock_offset_ms").asLong());
            }
            assertThat(c.get("provenance")).as("API provenance").isEqualTo(prov);
            // the command centre's codes: the rule's default, or the plaza's override with its grid and position
            JsonNode codes = manifest.get("bureau_codes");
            assertThat(codes).as("manifest codes").isNotNull();
            assertThat(c.get("bureau_codes")).as("API codes").isEqualTo(codes);
            if (c.get("zone").asString().equals("plaza")) {
                assertThat(codes.get("event_code").asString()).isEqualTo("0504");
                assertThat(codes.get("event_class").asString()).isEqualTo("05");
                assertThat(codes.get("grid").asString()).isEqualTo("33010210100101");
                assertThat(codes.get("longitude").asDouble()).isEqualTo(120.1551);
                assertThat(codes.get("latitude").asDouble()).isEqualTo(30.2741);
            } else {
                assertThat(codes.get("event_code").asString()).isEqualTo("0501");
                assertThat(codes.get("grid").isNull()).isTrue();
                assertThat(codes.get("longitude").isNull()).isTrue();
            }
            assertThat(c.get("rule").asString()).isEqualTo("street_vending");
            assertThat(c.get("status").asString()).isEqualTo("pending");
            Path clip = null;
            int stills = 0;
            for (JsonNode f : c.get("files")) {
                Path p = cfg.evidenceDir().resolve(f.get("path").asString());
                assertThat(p).exists();
                assertThat(EvidenceFolder.sha256(p)).isEqualTo(f.get("sha256").asString());
                if (f.get("role").asString().equals("clip")) {
                    clip = p;
                } else {
                    stills++;
                    try (Mat m = org.bytedeco.opencv.global.opencv_imgcodecs.imread(p.toString())) {
                        assertThat(m.cols()).as("snapshot at the camera's resolution").isEqualTo(768);
                    }
                }
            }
            assertThat(stills).as("two pictures, clean and annotated each").isEqualTo(4);
            assertThat(clip).isNotNull();
            try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(clip.toFile())) {
                g.start();
                assertThat(g.getVideoCodecName()).isEqualTo("h264");
                double seconds = g.getLengthInTime() / 1e6;
                // 10 s pre-roll + the confirmation instant + 10 s post-roll, starting at the keyframe before (2 s GOP)
                assertThat(seconds).isBetween(20.0, 22.2);
                g.stop();
            }
        }
        // the confirmed case went out with its provenance
        CaseReport report = CaseReport.parseFrom(Files.readAllBytes(exported));
        JsonNode p = cases.get(0).get("provenance");
        assertThat(report.hasProvenance()).isTrue();
        assertThat(report.getProvenance().getModel()).isEqualTo("yolox_nano");
        assertThat(report.getProvenance().getModelSha256()).isEqualTo(modelSha);
        assertThat(report.getProvenance().getConfigSha256()).isEqualTo(Sha256.of(config));
        assertThat(report.getProvenance().getSoftwareVersion()).isEqualTo(Release.VERSION);
        assertThat(report.getProvenance().getClockOffsetMs()).isEqualTo(p.get("clock_offset_ms").asLong());
        assertThat(report.getProvenance().getParametersMap()).containsEntry("dwell_s", "8.0")
                .containsEntry("min_props", "0").containsEntry("prop_kinds", "[\"vending_prop\",\"stall\",\"bicycle\"]")
                .hasSize(p.get("parameters").size());
        JsonNode codes = cases.get(0).get("bureau_codes");
        assertThat(report.getEventClass()).isEqualTo(codes.get("event_class").asString());
        assertThat(report.getEventCode()).isEqualTo(codes.get("event_code").asString());
        assertThat(report.getGrid()).isEqualTo(codes.get("grid").asString(""));
        assertThat(report.hasLongitude()).isEqualTo(!codes.get("longitude").isNull());
        if (report.hasLongitude()) {
            assertThat(report.getLongitude()).isEqualTo(120.1551);
            assertThat(report.getLatitude()).isEqualTo(30.2741);
        }
        System.out.println("cases by zone and code: " + java.util.stream.StreamSupport.stream(cases.spliterator(), false)
                .map(c -> c.get("zone").asString() + "=" + c.get("bureau_codes").get("event_code").asString()).toList());
    }
}
