package org.streetwatch.daemon.wiring;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.config.ConfigException;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.daemon.fleet.CameraPartitions;
import org.streetwatch.daemon.fleet.ClusterOptions;
import org.streetwatch.daemon.fleet.FleetMember;
import org.streetwatch.daemon.fleet.FleetRows;
import org.streetwatch.daemon.fleet.NodeHeartbeat;
import org.streetwatch.daemon.fleet.NodeProbe;
import org.streetwatch.daemon.fleet.Takeovers;
import org.streetwatch.evidence.store.StoreException;

/**
 * Cluster mode: this node in the fleet's group, its heartbeat rows and the cameras it takes over, built but not yet
 * running: {@link #start} begins the heartbeat and the group's consumer thread, which calls the listener with this
 * node's part. The member is closed before the cameras, so leaving the group stops them and hands them on at once.
 */
record FleetJoin(FleetRows rows, FleetMember member, Takeovers takeovers, NodeHeartbeat heartbeat) {

    private static final Logger LOG = LoggerFactory.getLogger(FleetJoin.class);

    static FleetJoin join(StreetwatchConfig config, CaseStorage storage, Supplier<NodeProbe> probe,
                          FleetMember.Listener listener, PrometheusRegistry registry,
                          Consumer<AutoCloseable> closeables) throws ConfigException, StartupException {
        FleetRows rows = new FleetRows(storage.database());
        try {
            rows.key(config.nodeId(), storage.signer().publicKey());
        } catch (StoreException e) {
            throw new StartupException(e.getMessage(), e);
        }
        FleetMember member;
        try {
            member = FleetMember.join(ClusterOptions.of(config), n -> CameraPartitions.weights(
                    config.cameras().stream().map(StreetwatchConfig.CameraConfig::id).toList(), n), listener,
                    registry);
        } catch (FleetMember.FleetException e) {
            throw new StartupException(e.getMessage(), e);
        }
        NodeHeartbeat heartbeat = new NodeHeartbeat(rows, probe.get());
        closeables.accept(heartbeat); // closed after the member: its last row lists no cameras
        closeables.accept(member);
        LOG.info("fleet: node {} joining group {} at {}", config.nodeId(), config.cluster().group(),
                config.cluster().bootstrapServers());
        return new FleetJoin(rows, member, new Takeovers(config.nodeId(), rows, registry), heartbeat);
    }

    void start() {
        heartbeat.start();
        member.start();
    }
}
