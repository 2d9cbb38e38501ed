package org.streetwatch.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.config.ConfigException;
import org.streetwatch.config.Settings;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.ingest.testing.SharedData;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path f = dir.resolve("streetwatch.yaml");
        Files.writeString(f, yaml.replace("VIDEO", SharedData.video("vtest_h264.mp4").toString()));
        return f;
    }

    private static final String CAMERA = """
            cameras:
              - id: cam-1
                url: VIDEO
                zones:
                  - id: z1
                    type: no_vending
                    polygon: [[0.1, 0.1], [0.9, 0.1], [0.9, 0.9]]
                    rules: {street_vending: {dwell_s: 30}}
                  - id: market
                    type: vending_allowed
                    polygon: [[0.1, 0.1], [0.5, 0.1], [0.5, 0.5]]
                    schedule: [{days: fri-sun, from: "18:00", to: "02:00"}]
                rules: {street_vending: {min_props: 2}}
            """;

    @Test
    void layersGlobalCameraAndZoneRuleSettings() throws Exception {
        StreetwatchConfig cfg = ConfigLoader.load(write("rules: {street_vending: {dwell_s: 120}}\n" + CAMERA));
        StreetwatchConfig.CameraConfig cam = cfg.cameras().get(0);
        Zone z1 = cam.zones().get(0);
        Settings inZone = cfg.scene(cam).settings("street_vending", z1);
        assertThat(inZone.getDouble("dwell_s")).isEqualTo(30.0);
        assertThat(inZone.getInt("min_props")).isEqualTo(2);
        Settings elsewhere = cfg.scene(cam).settings("street_vending", cam.zones().get(1));
        assertThat(elsewhere.getDouble("dwell_s")).isEqualTo(120.0);
        assertThat(cfg.databaseUrl()).isEqualTo("jdbc:sqlite:" + dir.resolve("data/evidence/cases.db"));
    }

    @Test
    void nightMarketScheduleRunsPastMidnightInShanghaiTime() throws Exception {
        StreetwatchConfig cfg = ConfigLoader.load(write(CAMERA));
        Zone market = cfg.cameras().get(0).zones().get(1);
        // Saturday 2026-11-28 01:30 in Shanghai is still Friday night's market
        assertThat(market.activeAt(java.time.OffsetDateTime.parse("2026-11-28T01:30:00+08:00").toInstant().toEpochMilli()))
                .isTrue();
        assertThat(market.activeAt(java.time.OffsetDateTime.parse("2026-11-26T20:00:00+08:00").toInstant().toEpochMilli()))
                .as("Thursday evening").isFalse();
    }

    private void fails(String yaml, String message) {
        assertThatThrownBy(() -> ConfigLoader.load(write(yaml))).isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("streetwatch.yaml") + ": " + message);
    }

    @Test
    void eventCodePerRuleOverriddenInAZoneWithItsGridAndPosition() throws Exception {
        StreetwatchConfig cfg = ConfigLoader.load(write(CAMERA.replace("rules: {street_vending: {dwell_s: 30}}", """
                rules: {street_vending: {dwell_s: 30, event_code: "0504"}}
                        grid: "33010210100101"
                        longitude: 120.1551
                        latitude: 30.2741""")));
        StreetwatchConfig.CameraConfig cam = cfg.cameras().get(0);
        Zone z1 = cam.zones().get(0);
        assertThat(cfg.scene(cam).settings("street_vending", z1).getString("event_code")).isEqualTo("0504");
        assertThat(cfg.scene(cam).settings("street_vending", cam.zones().get(1)).getString("event_code"))
                .as("the rule's default").isEqualTo("0501");
        assertThat(cfg.scene(cam).settings("misparked_bikes", z1).getString("event_code")).isEqualTo("0506");
        assertThat(z1.grid()).isEqualTo("33010210100101");
        assertThat(z1.longitude()).isEqualTo(120.1551);
        assertThat(z1.latitude()).isEqualTo(30.2741);
        assertThat(cam.zones().get(1).grid()).isNull();
        assertThat(cam.zones().get(1).longitude()).isNull();
    }

    @Test
    void badEventCodeGridOrPosition() {
        fails("rules: {street_vending: {event_code: \"占道经营\"}}\n", "rules.street_vending.event_code: expected 4 digits "
                + "(class + subclass, e.g. 0501), or 6 with a local detail class, got \"占道经营\"");
        fails(CAMERA.replace("rules: {street_vending: {dwell_s: 30}}", "rules: {illegal_storage: {event_code: 109}}"),
                "cameras[0].zones[0].rules.illegal_storage.event_code: expected 4 digits (class + subclass, e.g. "
                        + "0501), or 6 with a local detail class, got 109"); // unquoted 0109: YAML drops the zero
        fails(CAMERA.replace("rules: {street_vending: {dwell_s: 30}}", "grid: \"3301-02\""),
                "cameras[0].zones[0].grid: expected the unit grid cell's 14 digits (county 6, street 3, community 3, "
                        + "cell 2), or 16, got \"3301-02\"");
        fails(CAMERA.replace("rules: {street_vending: {dwell_s: 30}}", "longitude: 120.1551"),
                "cameras[0].zones[0].latitude: a zone's position needs both longitude and latitude");
        fails(CAMERA.replace("rules: {street_vending: {dwell_s: 30}}", "latitude: 91"),
                "cameras[0].zones[0].latitude: expected a value in [-90, 90], got 91");
    }

    @Test
    void unknownKey() {
        fails("detector: {thread: 2}\n", "detector.thread: unknown key (did you mean threads?); expected one of: "
                + "model, models_dir, threads, inter_threads, sessions, workers, max_batch, max_wait_ms, tiles, "
                + "zone_crop, zone_crop_max, zone_pack, cuda, fit_input");
    }

    @Test
    void wrongType() {
        fails("http: {port: eighty}\n", "http.port: expected an integer ([0, 65535]), got the string \"eighty\"");
    }

    @Test
    void polygonOutOfRange() {
        fails(CAMERA.replace("[0.9, 0.9]]", "[0.9, 1.2]]"), "cameras[0].zones[0].polygon[2]: expected a point inside "
                + "the picture, 0 <= x, y <= 1 (fractions of its width and height), got [0.9, 1.2]");
    }

    @Test
    void missingVideoFile() {
        fails(CAMERA.replace("VIDEO", "/nonexistent/cam.mp4"),
                "cameras[0].url: no such video file: /nonexistent/cam.mp4");
    }

    @Test
    void malformedCameraUrlNeverShowsItsPassword() {
        fails(CAMERA.replace("VIDEO", "rtsp//admin:secret@cam"),
                "cameras[0].url: no such video file: " + dir.resolve("rtsp//***@cam").normalize());
        fails(CAMERA.replace("VIDEO", "ftp://admin:secret@cam/x"),
                "cameras[0].url: expected rtsp://host[:port]/path or a video file, got ftp://***@cam/x");
    }

    @Test
    void duplicateCameraId() {
        fails(CAMERA + "  - id: cam-1\n    url: VIDEO\n",
                "cameras[1].id: expected a unique camera id; 'cam-1' is used twice");
    }

    @Test
    void unknownZoneType() {
        fails(CAMERA.replace("type: no_vending", "type: no_parking"), "cameras[0].zones[0].type: expected one of "
                + String.join(", ", org.streetwatch.violation.ZoneType.keys()) + ", got \"no_parking\"");
    }

    @Test
    void badScheduleDay() {
        fails(CAMERA.replace("fri-sun", "friday-someday"), "cameras[0].zones[1].schedule[0].days: expected days such "
                + "as daily, mon-fri or sat,sun, got \"friday-someday\": not a day of the week: 'someday' "
                + "(mon, tue, ... sun)");
    }

    @Test
    void rulesCheckTheirOwnSettingsAtEveryLayer() {
        fails("rules: {uncovered_muck_truck: {days: weekends}}\n", "rules.uncovered_muck_truck.days: expected days such "
                + "as daily, mon-fri or sat,sun, got \"weekends\": not a day of the week: 'weekends' "
                + "(mon, tue, ... sun)");
        fails(CAMERA.replace("rules: {street_vending: {dwell_s: 30}}",
                "rules: {misparked_bikes: {palette: {meituan: 40-65, hellobike: 195-400}}}"),
                "cameras[0].zones[0].rules.misparked_bikes.palette.hellobike: expected a hue range in degrees LO-HI "
                        + "with 0 <= LO, HI <= 359, got 195-400");
    }

    @Test
    void rulesCheckTheirKeysTogetherInEveryZone() {
        fails(CAMERA.replace("rules: {street_vending: {dwell_s: 30}}",
                "rules: {uncovered_muck_truck: {hours: \"20:00-20:00\"}}"),
                "cameras[0].zones[0].rules.uncovered_muck_truck.hours: expected hours that end other than when they "
                        + "start (HH:MM-HH:MM; empty: always), got \"20:00-20:00\"");
    }

    @Test
    void badTimeZone() {
        fails("evidence: {time_zone: Mars/Olympus}\n", "evidence.time_zone: expected a time zone such as Asia/Shanghai");
    }
}
