package org.streetwatch.daemon.tune;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.daemon.wall.ConfigEdits;
import org.streetwatch.evidence.nearmiss.NearMisses;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.tuning.History;
import org.streetwatch.evidence.tuning.Tuning;
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
 * The operator page's tuning, for operators of the cameras' districts: {@code GET /api/tuning?rule=&camera=&zone=&target=}
 * (what {@code streetwatch tune} prints, as JSON for the charts: per rule and zone, each threshold's candidate values
 * and what each would have kept, with the pick) and {@code POST /api/tuning/apply} ({@code camera, zone, rule,
 * setting, value, version}: the value as the zone's rule override, saved like a zone edit — validated, written
 * atomically, applied by the config watcher, each changed setting a signed {@code config_changed} entry).
 */
public final class TuningApi {

    private static final Logger LOG = LoggerFactory.getLogger(TuningApi.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final double DEFAULT_TARGET = 0.8;

    private final Supplier<StreetwatchConfig> config;
    private final CaseStore store;
    private final NearMisses nearMisses;
    private final ConfigEdits edits;

    public TuningApi(Supplier<StreetwatchConfig> config, CaseStore store, NearMisses nearMisses, ConfigEdits edits) {
        this.config = config;
        this.store = store;
        this.nearMisses = nearMisses;
        this.edits = edits;
    }

    public void register(Router router, Access access) {
        router.get("/api/tuning", access.require(Role.OPERATOR, this::tuning));
        router.post("/api/tuning/apply", access.require(Role.OPERATOR, this::apply));
    }

    private Response tuning(Request r, Session s) throws Exception {
        double target;
        try {
            target = r.query("target") == null ? DEFAULT_TARGET : Double.parseDouble(r.query("target"));
        } catch (NumberFormatException e) {
            target = Double.NaN;
        }
        if (!(target >= 0 && target <= 1)) {
            return Response.error(400, "target must be a precision between 0 and 1");
        }
        StreetwatchConfig cfg = config.get();
        var history = History.read(store, nearMisses, new History.Filter(r.query("rule"), r.query("camera"),
                r.query("zone"), s.scope()));
        List<Map<String, Object>> places = new ArrayList<>();
        for (PlaceTuning p : PlaceTuning.of(cfg, history, target)) {
            places.add(json(p));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", edits.current().sha256());
        out.put("target", target);
        out.put("places", places);
        return Response.json(out);
    }

    private static Map<String, Object> json(PlaceTuning p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", p.place().rule());
        m.put("camera", p.place().camera());
        m.put("zone", p.place().zone());
        m.put("zone_override", p.zoneOverride());
        m.put("decided", p.events().decided().size());
        m.put("confirmed", p.events().confirmed());
        m.put("near_misses", p.events().nearMisses().size());
        List<Map<String, Object>> thresholds = new ArrayList<>();
        for (Tuning.Result t : p.results()) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("setting", t.setting());
            tm.put("in_force", t.current());
            tm.put("integral", t.integral());
            tm.put("pick", t.pick() == null ? null : t.pick().value());
            tm.put("changes", t.changes());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Tuning.Row row : t.rows()) {
                Map<String, Object> rm = new LinkedHashMap<>();
                rm.put("value", row.value());
                rm.put("confirmed", row.confirmed());
                rm.put("rejected", row.rejected());
                rm.put("near_misses", row.nearMisses());
                rm.put("precision", Double.isNaN(row.precision()) ? null : row.precision());
                rows.add(rm);
            }
            tm.put("rows", rows);
            thresholds.add(tm);
        }
        m.put("thresholds", thresholds);
        return m;
    }

    private Response apply(Request r, Session s) throws Exception {
        JsonNode body = body(r);
        if (body == null || !body.isObject() || !body.path("value").isNumber()
                || !List.of("camera", "zone", "rule", "setting", "version").stream()
                .allMatch(k -> body.path(k).isString())) {
            return Response.error(400, "expected {\"camera\", \"zone\", \"rule\", \"setting\", \"value\": number, "
                    + "\"version\"}");
        }
        String cameraId = body.get("camera").stringValue();
        Optional<StreetwatchConfig.CameraConfig> camera = config.get().cameras().stream()
                .filter(c -> c.id().equals(cameraId) && s.sees(c.district())).findFirst();
        if (camera.isEmpty()) {
            return Response.error(404, "no camera " + cameraId);
        }
        String zone = body.get("zone").stringValue();
        String rule = body.get("rule").stringValue();
        String setting = body.get("setting").stringValue();
        try {
            String version = edits.saveZoneSetting(cameraId, zone, rule, setting, body.get("value"),
                    body.get("version").stringValue(), s.user());
            LOG.info("tuning: {} set {} of {} in zone {} of camera {} to {}", s.user(), setting, rule, zone, cameraId,
                    body.get("value"));
            return Response.json(Map.of("version", version));
        } catch (ConfigEdits.Refused e) {
            return Response.error(e.status, e.getMessage());
        }
    }

    private static JsonNode body(Request r) {
        try {
            return JSON.readTree(r.body());
        } catch (JacksonException e) {
            return null;
        }
    }
}
