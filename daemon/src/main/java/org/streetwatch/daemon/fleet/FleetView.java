package org.streetwatch.daemon.fleet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.streetwatch.daemon.config.StreetwatchConfig;

/**
 * The fleet as operators see it ({@code GET /api/fleet}, {@code streetwatch fleet}): every node with its numbers,
 * and every camera the config has that no live node runs, or that is down. A node is live while its last heartbeat
 * is younger than the group's session timeout; cameras of districts the viewer does not see are left out.
 */
public final class FleetView {

    private FleetView() {
    }

    public static Map<String, Object> of(List<FleetRows.Node> nodes, StreetwatchConfig config,
                                         Predicate<String> seesDistrict, long nowMs) {
        long liveMs = Math.max(3 * NodeHeartbeat.EVERY.toMillis(),
                config.cluster().sessionTimeout().toMillis());
        Function<String, Boolean> visible = camera -> seesDistrict.test(config.district(camera));
        Set<String> running = new HashSet<>();
        List<Map<String, Object>> nodeList = new ArrayList<>();
        List<Map<String, Object>> down = new ArrayList<>();
        for (FleetRows.Node n : nodes) {
            boolean live = nowMs - n.heartbeatAt() <= liveMs;
            List<String> cams = n.cameras().stream().filter(visible::apply).toList();
            List<String> camsDown = n.down().stream().filter(visible::apply).toList();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", n.id());
            m.put("address", n.url());
            m.put("live", live);
            m.put("cameras_assigned", cams.size());
            m.put("cameras_up", cams.size() - camsDown.size());
            m.put("frames_per_s", Math.round(n.framesPerS() * 100) / 100.0);
            m.put("frames_dropped", n.dropped());
            m.put("inference_ms", Math.round(n.inferenceMs() * 10) / 10.0);
            m.put("exporter", n.exporter());
            m.put("last_heartbeat", Instant.ofEpochMilli(n.heartbeatAt()).toString());
            nodeList.add(m);
            if (live) {
                running.addAll(cams);
                for (String c : camsDown) {
                    down.add(Map.of("camera", c, "node", n.id()));
                }
            }
        }
        List<String> unassigned = new ArrayList<>();
        for (StreetwatchConfig.CameraConfig c : config.cameras()) {
            if (visible.apply(c.id()) && !running.contains(c.id())) {
                unassigned.add(c.id());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cluster", config.cluster().enabled());
        out.put("nodes", nodeList);
        out.put("unassigned", unassigned);
        out.put("down", down);
        return out;
    }
}
