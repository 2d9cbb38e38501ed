package org.streetwatch.daemon.fleet;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.evidence.store.StoreException;

/**
 * Counts the cameras this node took over from a node that died (its status row, which still lists them, not renewed
 * for two heartbeats; a node that stops cleanly hands its cameras on and writes a last row without them): whatever that node had open on them — a dwell counting, a case being written — died
 * with it. Also carries the node id into the metrics ({@code streetwatch_node_info}).
 */
public final class Takeovers {

    private static final Logger LOG = LoggerFactory.getLogger(Takeovers.class);

    private final String nodeId;
    private final FleetRows rows;
    private final Counter fromDead;
    /** Cameras already counted, by dead node and its last heartbeat: a camera moving on later is not counted again. */
    private final Map<String, Set<String>> counted = new HashMap<>();

    public Takeovers(String nodeId, FleetRows rows, PrometheusRegistry registry) {
        this.nodeId = nodeId;
        this.rows = rows;
        this.fromDead = Counter.builder().name("streetwatch_fleet_cameras_from_dead_node_total")
                .help("Cameras taken over from a node that died: what it had open on them (violations in progress, "
                        + "cases being written) was lost").labelNames("node").register(registry);
        Gauge.builder().name("streetwatch_node_info").help("This node's id in the fleet (always 1)")
                .labelNames("node").register(registry).labelValues(nodeId).set(1);
    }

    /** Cameras this node has just started: those last reported by a node no longer alive are counted. */
    public synchronized void started(Collection<String> cameras) {
        if (cameras.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        try {
            int n = 0;
            for (FleetRows.Node node : rows.nodes()) {
                if (!node.id().equals(nodeId) && now - node.heartbeatAt() > 2 * NodeHeartbeat.EVERY.toMillis()) {
                    Set<String> seen = counted.computeIfAbsent(node.id() + "@" + node.heartbeatAt(),
                            k -> new HashSet<>());
                    n += (int) node.cameras().stream().filter(c -> cameras.contains(c) && seen.add(c)).count();
                }
            }
            if (n > 0) {
                fromDead.labelValues(nodeId).inc(n);
                LOG.warn("fleet: took over {} cameras from a node that died; what it had open on them is lost", n);
            }
        } catch (StoreException e) {
            LOG.warn("fleet: cannot tell where the cameras taken over came from: {}", e.getMessage());
        }
    }
}
