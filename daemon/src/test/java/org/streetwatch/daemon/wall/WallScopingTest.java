package org.streetwatch.daemon.wall;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.daemon.testing.ReviewClient;
import org.streetwatch.daemon.wiring.Daemon;
import org.streetwatch.evidence.testing.ScopingMatrix;
import org.streetwatch.ingest.testing.SharedData;
import org.streetwatch.review.auth.Role;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The camera wall, zone editor, tuning and fleet view of a real daemon (two file cameras, in districts A and B) show
 * each operator only their districts' cameras: another district's camera, its picture, its zones and its tuning are
 * 404, and the fleet view counts only theirs. The matrix it checks is
 * written to target/scoping-matrix-wall.md.
 */
class WallScopingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> PEOPLE = List.of("ops.a", "admin", "ops.none", "rev.a");
    private static final String ZONES = "\"zones\": [{\"id\": \"z\", \"type\": \"no_vending\", "
            + "\"polygon\": [[0, 0], [1, 0], [1, 1]]}]";

    @TempDir
    Path dir;

    @Test
    void theWallAndZoneEditorShowEachOperatorTheirDistrictsCamerasOnly() throws Exception {
        Path file = dir.resolve("streetwatch.yaml");
        String video = SharedData.video("vtest_h264.mp4").toString();
        Files.writeString(file, """
                http: {bind: 127.0.0.1, port: 0}
                detector: {models_dir: "%s"}
                evidence: {dir: evidence}
                review: {wall_picture_s: 1}
                cameras:
                  - id: cam-a
                    url: "%s"
                    district: A
                    zones: [{id: z, type: no_vending, polygon: [[0, 0], [1, 0], [1, 1]]}]
                  - id: cam-b
                    url: "%s"
                    district: B
                    zones: [{id: z, type: no_vending, polygon: [[0, 0], [1, 0], [1, 1]]}]
                """.formatted(SharedData.models(), video, video));
        StreetwatchConfig cfg = ConfigLoader.load(file);
        ReviewClient.addUser(cfg, "ops.a", Role.OPERATOR, Set.of("A"));
        ReviewClient.addUser(cfg, "admin", Role.ADMIN, Set.of());
        ReviewClient.addUser(cfg, "ops.none", Role.OPERATOR, Set.of());
        ReviewClient.addUser(cfg, "rev.a", Role.REVIEWER, Set.of("A"));
        // a near miss per camera: something to tune in each district
        try (var db = cfg.openDatabase()) {
            var misses = new org.streetwatch.evidence.nearmiss.NearMisses(db, 10);
            for (String camera : List.of("cam-a", "cam-b")) {
                misses.record(new org.streetwatch.evidence.nearmiss.NearMisses.Row(camera, "street_vending", "z",
                        1_000_000, System.currentTimeMillis(), cfg.district(camera), "a group stood 100 s and left",
                        Map.of(), Map.of("dwell_s", 100.0)));
            }
        }
        try (Daemon d = Daemon.start(cfg, false)) {
            Map<String, ReviewClient> as = new LinkedHashMap<>();
            for (String p : PEOPLE) {
                as.put(p, new ReviewClient(d.httpPort()).login(p));
            }
            long until = System.nanoTime() + 60_000_000_000L;
            while (!pictured(as.get("admin"), "cam-a") || !pictured(as.get("admin"), "cam-b")) {
                assertThat(System.nanoTime()).as("both cameras pictured within a minute").isLessThan(until);
                Thread.sleep(200);
            }
            Map<String, List<String>> expected = new LinkedHashMap<>();
            expected.put("GET /api/wall", List.of("200 cam-a", "200 cam-a,cam-b", "200 none", "403"));
            expected.put("GET /api/cameras/cam-a/picture", List.of("200", "200", "404", "403"));
            expected.put("GET /api/cameras/cam-b/picture", List.of("404", "200", "404", "403"));
            expected.put("GET /api/cameras/cam-b/zones", List.of("404", "200", "404", "403"));
            expected.put("POST /api/cameras/cam-b/preview", List.of("404", "200", "404", "403"));
            // a stale version: refused (409) for whoever may edit the camera, before anything is written
            expected.put("POST /api/cameras/cam-b/zones", List.of("404", "409", "404", "403"));
            expected.put("GET /api/cameras/cam-a/zones", List.of("200", "200", "404", "403"));
            // the fleet view: a node's cameras counted, and cameras named, only in the viewer's districts
            expected.put("GET /api/fleet", List.of("200 1 cameras", "200 2 cameras", "200 0 cameras", "403"));
            expected.put("GET /api/tuning", List.of("200 cam-a", "200 cam-a,cam-b", "200 none", "403"));
            // a stale version again: nothing is written
            expected.put("POST /api/tuning/apply", List.of("404", "409", "404", "403"));
            Map<String, List<String>> seen = new LinkedHashMap<>();
            for (String probe : expected.keySet()) {
                List<String> row = new ArrayList<>();
                for (String p : PEOPLE) {
                    row.add(answer(as.get(p), probe));
                }
                seen.put(probe, row);
            }
            ScopingMatrix.write("scoping-matrix-wall", "District scoping: camera wall and zone editor",
                    "A real daemon, cam-a in district A, cam-b in district B. ops.a operator {A}, admin, ops.none "
                    + "operator {}, rev.a reviewer {A} (the wall is for operators).", PEOPLE, seen, expected);
            assertThat(seen).isEqualTo(expected);
        }
    }

    private static boolean pictured(ReviewClient c, String camera) throws Exception {
        return c.call("/api/cameras/" + camera + "/picture", null).statusCode() == 200;
    }

    private static String answer(ReviewClient c, String probe) throws Exception {
        String path = probe.substring(probe.indexOf(' ') + 1);
        String body = !probe.startsWith("POST") ? null : path.endsWith("/preview") ? "{" + ZONES + "}"
                : path.equals("/api/tuning/apply") ? "{\"camera\": \"cam-b\", \"zone\": \"z\", \"rule\": "
                + "\"street_vending\", \"setting\": \"dwell_s\", \"value\": 120, \"version\": \"stale\"}"
                : "{\"version\": \"stale\", " + ZONES + "}";
        HttpResponse<String> r = c.call(path, body);
        if (r.statusCode() == 200 && path.equals("/api/fleet")) {
            JsonNode fleet = JSON.readTree(r.body());
            int cameras = fleet.path("unassigned").size();
            for (JsonNode node : fleet.path("nodes")) {
                cameras += node.path("cameras_assigned").asInt();
            }
            return "200 " + cameras + " cameras";
        }
        boolean listed = path.equals("/api/wall") || path.equals("/api/tuning");
        if (r.statusCode() != 200 || !listed) {
            return Integer.toString(r.statusCode());
        }
        List<String> ids = new ArrayList<>();
        JsonNode answer = JSON.readTree(r.body());
        for (JsonNode cam : answer.has("cameras") ? answer.path("cameras") : answer.path("places")) {
            ids.add(cam.has("id") ? cam.path("id").asString() : cam.path("camera").asString());
        }
        return "200 " + (ids.isEmpty() ? "none" : String.join(",", ids));
    }
}
