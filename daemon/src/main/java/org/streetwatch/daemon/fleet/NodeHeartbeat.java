package org.streetwatch.daemon.fleet;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.evidence.store.StoreException;

/**
 * Writes this node's status row every {@link #EVERY}, on its own thread ({@code fleet-status}): what operators see
 * of the node, and how others tell that it died (a row with cameras, not renewed). A database that does not answer is logged once per outage; the cameras do not depend on it.
 */
public final class NodeHeartbeat implements AutoCloseable {

    public static final Duration EVERY = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(NodeHeartbeat.class);

    private final FleetRows rows;
    private final NodeProbe probe;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleet-status");
        t.setDaemon(true);
        return t;
    });
    private boolean failing;

    public NodeHeartbeat(FleetRows rows, NodeProbe probe) {
        this.rows = rows;
        this.probe = probe;
    }

    public void start() {
        thread.scheduleWithFixedDelay(this::beat, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void beat() {
        try {
            rows.publish(probe.now());
            if (failing) {
                LOG.info("fleet: this node's status is written again");
            }
            failing = false;
        } catch (StoreException | RuntimeException e) {
            if (!failing) {
                LOG.warn("fleet: cannot write this node's status: {}", e.getMessage());
            }
            failing = true;
        }
    }

    /** Stops, writing a last row: closed after the group was left, it lists no cameras (they were handed on). */
    @Override
    public void close() throws InterruptedException {
        thread.shutdownNow();
        thread.awaitTermination(5, TimeUnit.SECONDS);
        beat();
    }
}
