package org.streetwatch.daemon.wall;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.daemon.config.Schema;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.detector.live.LatestPictures;
import org.streetwatch.detector.live.RecentTracks;
import org.streetwatch.detector.rule.Rules;
import org.streetwatch.review.api.Access;
import org.streetwatch.review.auth.Role;
import org.streetwatch.review.auth.Session;
import org.streetwatch.review.http.Request;
import org.streetwatch.review.http.Response;
import org.streetwatch.review.http.Router;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The zone editor's API, for operators: {@code GET /api/cameras/{id}/zones} (the camera's zones as the file holds
 * them, the file's version, and the zone settings' declarations for the form), {@code POST} of the same path (save:
 * validated, written atomically, applied by the config watcher, logged) and {@code POST /api/cameras/{id}/preview}
 * (the recent tracks replayed against unsaved zones).
 */
public final class ZoneEditor {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The zone settings as declared: what the form offers, with types, ranges and choices. */
    private static final List<Map<String, Object>> ZONE_SCHEMA = SettingsSchema.of(zoneDef());

    private final ConfigEdits edits;
    private final Supplier<StreetwatchConfig> config;
    private final LatestPictures pictures;
    private final RecentTracks recent;

    /** @param edits the config file's edits, shared with the other pages that change it (one at a time) */
    public ZoneEditor(Supplier<StreetwatchConfig> config, ConfigEdits edits, LatestPictures pictures,
                      RecentTracks recent) {
        this.config = config;
        this.edits = edits;
        this.pictures = pictures;
        this.recent = recent;
    }

    private static ConfigDef zoneDef() {
        return Schema.zone(Rules.ALL);
    }

    public void register(Router router, Access access) {
        router.get("/api/cameras/{id}/zones", access.require(Role.OPERATOR, this::open));
        router.post("/api/cameras/{id}/zones", access.require(Role.OPERATOR, this::save));
        router.post("/api/cameras/{id}/preview", access.require(Role.OPERATOR, this::preview));
    }

    private Response open(Request r, Session s) throws Exception {
        Optional<StreetwatchConfig.CameraConfig> camera = camera(r.param("id"), s);
        if (camera.isEmpty()) {
            return Response.error(404, "no camera " + r.param("id"));
        }
        ConfigEdits.Current file = edits.current();
        List<JsonNode> zones;
        try {
            zones = ZonesYaml.zones(file.text(), camera.get().id());
        } catch (ZonesYaml.EditException e) {
            return Response.error(409, e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("camera", camera.get().id());
        out.put("place", camera.get().place());
        out.put("version", file.sha256());
        out.put("zones", zones);
        out.put("picture", picture(camera.get().id()));
        out.put("schema", ZONE_SCHEMA);
        return Response.json(out);
    }

    private Response save(Request r, Session s) throws Exception {
        if (camera(r.param("id"), s).isEmpty()) {
            return Response.error(404, "no camera " + r.param("id"));
        }
        JsonNode body = body(r);
        if (body == null || !body.path("version").isString() || !body.path("zones").isArray()) {
            return Response.error(400, "expected {\"version\": \"...\", \"zones\": [...]}");
        }
        try {
            String version = edits.saveZones(r.param("id"), body.get("version").stringValue(), zones(body),
                    s.user());
            return Response.json(Map.of("version", version));
        } catch (ConfigEdits.Refused e) {
            return Response.error(e.status, e.getMessage());
        }
    }

    private Response preview(Request r, Session s) throws Exception {
        if (camera(r.param("id"), s).isEmpty()) {
            return Response.error(404, "no camera " + r.param("id"));
        }
        JsonNode body = body(r);
        if (body == null || !body.path("zones").isArray()) {
            return Response.error(400, "expected {\"zones\": [...]}");
        }
        try {
            StreetwatchConfig next = edits.tryZones(r.param("id"), zones(body));
            StreetwatchConfig.CameraConfig c = next.cameras().stream().filter(x -> x.id().equals(r.param("id")))
                    .findFirst().orElseThrow();
            Map<String, Object> out = Preview.of(recent.of(c.id()), c.zones(), next.scene(c));
            out.put("picture", picture(c.id()));
            return Response.json(out);
        } catch (ConfigEdits.Refused e) {
            return Response.error(e.status, e.getMessage());
        }
    }

    /** The latest picture's version and size, or null before the first. */
    private Map<String, Object> picture(String cameraId) {
        return pictures.latest(cameraId).map(CameraWall::picture).orElse(null);
    }

    /** The camera, if it exists and is in the person's districts (another district's camera is "no camera"). */
    private Optional<StreetwatchConfig.CameraConfig> camera(String id, Session s) {
        return config.get().cameras().stream().filter(c -> c.id().equals(id) && s.sees(c.district())).findFirst();
    }

    private static List<JsonNode> zones(JsonNode body) {
        List<JsonNode> out = new ArrayList<>();
        body.get("zones").values().forEach(out::add);
        return out;
    }

    private static JsonNode body(Request r) {
        try {
            JsonNode n = JSON.readTree(r.body());
            return n != null && n.isObject() ? n : null;
        } catch (JacksonException e) {
            return null;
        }
    }
}
