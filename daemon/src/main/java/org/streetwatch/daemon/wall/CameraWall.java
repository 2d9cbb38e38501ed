package org.streetwatch.daemon.wall;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.detector.aim.Condition;
import org.streetwatch.detector.live.LatestPictures;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.StoreException;
import org.streetwatch.ingest.metrics.IngestMetrics;
import org.streetwatch.review.api.Access;
import org.streetwatch.review.auth.Role;
import org.streetwatch.review.auth.Session;
import org.streetwatch.review.http.Request;
import org.streetwatch.review.http.Response;
import org.streetwatch.review.http.Router;

/**
 * The camera wall for operators: {@code GET /api/wall} pages through the cameras (filtered by state and text) with
 * their health, zones and picture version; {@code GET /api/cameras/{id}/picture} serves the camera's latest picture
 * with an ETag, so a tile whose picture has not changed costs a 304. Nothing here decodes video: pictures are the
 * JPEGs {@link LatestPictures} keeps from analysis. Cases today are counted once per {@link #TALLY_MS} for all
 * viewers together, so the database's cost does not grow with the number of open walls.
 */
public final class CameraWall {

    /** A camera that sent nothing for this long (or never) is down rather than reconnecting. */
    static final double DOWN_AFTER_S = 60;
    static final long TALLY_MS = 5_000;
    static final int MAX_PAGE = 500;

    private final Supplier<StreetwatchConfig> config;
    private final IngestMetrics health;
    private final LatestPictures pictures;
    private final CaseStore store;
    private final Supplier<Map<String, Condition>> aims;
    private Map<String, Integer> casesToday = Map.of();
    private long talliedAt;
    private LocalDate talliedDay;

    /** @param aims each camera's aim as last checked (a misaimed, covered or blurred camera's rules are suspended) */
    public CameraWall(Supplier<StreetwatchConfig> config, IngestMetrics health, LatestPictures pictures,
                      CaseStore store, Supplier<Map<String, Condition>> aims) {
        this.config = config;
        this.health = health;
        this.pictures = pictures;
        this.store = store;
        this.aims = aims;
    }

    public void register(Router router, Access access) {
        router.get("/api/wall", access.require(Role.OPERATOR, this::wall));
        router.get("/api/cameras/{id}/picture", access.require(Role.OPERATOR, this::picture));
    }

    private Response wall(Request r, Session s) throws StoreException {
        String state = r.query("state") == null ? "" : r.query("state");
        String q = r.query("q") == null ? "" : r.query("q").trim().toLowerCase(Locale.ROOT);
        int offset;
        int limit;
        try {
            offset = r.query("offset") == null ? 0 : Integer.parseInt(r.query("offset"));
            limit = r.query("limit") == null ? 60 : Integer.parseInt(r.query("limit"));
        } catch (NumberFormatException e) {
            return Response.error(400, "offset and limit must be whole numbers");
        }
        if (offset < 0 || limit < 1 || limit > MAX_PAGE || !List.of("", "up", "reconnecting", "down").contains(state)) {
            return Response.error(400, "expected state up|reconnecting|down, offset >= 0, limit 1-" + MAX_PAGE);
        }
        StreetwatchConfig cfg = config.get();
        Map<String, Integer> today = casesToday(cfg);
        Map<String, Integer> counts = new LinkedHashMap<>(Map.of("up", 0, "reconnecting", 0, "down", 0));
        List<Listed> matching = new ArrayList<>();
        for (StreetwatchConfig.CameraConfig c : cfg.cameras()) {
            if (!s.sees(c.district())) {
                continue;
            }
            IngestMetrics.Health h = health.health(c.id());
            String st = state(h);
            counts.merge(st, 1, Integer::sum);
            boolean text = q.isEmpty() || c.id().toLowerCase(Locale.ROOT).contains(q)
                    || (c.place() != null && c.place().toLowerCase(Locale.ROOT).contains(q));
            if (text && (state.isEmpty() || state.equals(st))) {
                matching.add(new Listed(c, h, st));
            }
        }
        // tiles (and their pictures, which asking for keeps fresh) only for the page asked for
        Map<String, Condition> aim = aims.get();
        List<Map<String, Object>> page = matching.subList(Math.min(offset, matching.size()),
                Math.min(offset + limit, matching.size())).stream().map(l -> tile(l.camera(), l.health(), l.state(),
                aim.get(l.camera().id()), today.getOrDefault(l.camera().id(), 0))).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", matching.size());
        out.put("offset", offset);
        out.put("limit", limit);
        out.put("counts", counts);
        out.put("cameras", page);
        return Response.json(out);
    }

    /** A camera the wall's filters let through. */
    private record Listed(StreetwatchConfig.CameraConfig camera, IngestMetrics.Health health, String state) {
    }

    static String state(IngestMetrics.Health h) {
        if (h.up()) {
            return "up";
        }
        return Double.isNaN(h.lastPacketAgeSeconds()) || h.lastPacketAgeSeconds() > DOWN_AFTER_S ? "down" : "reconnecting";
    }

    private Map<String, Object> tile(StreetwatchConfig.CameraConfig c, IngestMetrics.Health h, String state,
                                     Condition aim, int today) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("place", c.place());
        m.put("state", state);
        m.put("aim", aim == null ? null : aim.state().key()); // ok, shifted, misaimed, covered, blurred
        Optional<LatestPictures.Picture> p = pictures.latest(c.id());
        m.put("picture", p.map(CameraWall::picture).orElse(null));
        m.put("picture_age_s", p.map(x -> Math.max(0, (System.currentTimeMillis() - x.wallMs()) / 1000.0)).orElse(null));
        m.put("frames_analyzed", h.analyzed());
        m.put("frames_dropped", h.dropped());
        m.put("reconnects", h.reconnects());
        m.put("cases_today", today);
        m.put("zones", zones(c.zones()));
        return m;
    }

    /** What a page needs of a picture: its version (for the URL) and size (for drawing zones over it). */
    static Map<String, Object> picture(LatestPictures.Picture p) {
        return Map.of("version", p.version(), "width", p.width(), "height", p.height());
    }

    private static List<Map<String, Object>> zones(List<Zone> zones) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Zone z : zones) {
            out.add(Map.of("id", z.id(), "type", z.type().key(), "polygon", z.polygon().points()));
        }
        return out;
    }

    /** Cases confirmed today (the evidence time zone's day) per camera, counted at most once per TALLY_MS. */
    private synchronized Map<String, Integer> casesToday(StreetwatchConfig cfg) throws StoreException {
        long now = System.currentTimeMillis();
        LocalDate day = LocalDate.now(cfg.timeZone());
        if (now - talliedAt >= TALLY_MS || !day.equals(talliedDay)) {
            Map<String, Integer> m = new HashMap<>();
            long from = day.atStartOfDay(cfg.timeZone()).toInstant().toEpochMilli();
            for (CaseStore.Tally t : store.tally(from, null)) {
                m.merge(t.camera(), t.count(), Integer::sum);
            }
            casesToday = m;
            talliedAt = now;
            talliedDay = day;
        }
        return casesToday;
    }

    private Response picture(Request r, Session s) {
        if (!s.sees(config.get().district(r.param("id")))) {
            return Response.error(404, "no camera " + r.param("id"));
        }
        Optional<LatestPictures.Picture> p = pictures.latest(r.param("id"));
        if (p.isEmpty()) {
            return Response.error(404, "no picture of this camera yet");
        }
        String etag = "\"" + p.get().version() + "\"";
        Response out = etag.equals(r.header("if-none-match")) ? Response.bytes(304, null, new byte[0])
                : Response.bytes(200, "image/jpeg", p.get().jpeg());
        return out.header("ETag", etag).header("Cache-Control", "private, no-cache");
    }
}
