package org.streetwatch.evidence.export;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.cases.Reviews;
import org.streetwatch.evidence.store.CaseQuery;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.StoreException;
import org.streetwatch.backoff.Backoff;

/**
 * Sends confirmed cases to the command centre until each is acknowledged, exactly once by case id.
 *
 * <p>The database is the outbox: a confirmed case is one not yet acknowledged, so a restart loses nothing and
 * resumes where it stopped. Before the first delivery, and after any failure whose outcome is unclear, the sink is
 * asked which of the waiting cases it already holds (a crash between the receiver's acknowledgement and our commit);
 * those are marked exported without being sent again. One thread ({@code case-export}) owns all of this; a decision
 * wakes it, otherwise it looks every {@value #IDLE_POLL_S} s (another node may have confirmed a case). With several
 * nodes on one PostgreSQL database, run the exporter on one of them ({@code export.enabled}).
 */
public final class Exporter implements AutoCloseable {

    /** What operators see of the export queue. */
    public record Status(String sink, int waiting, long delivered, long failures, String lastError) {
    }

    static final int IDLE_POLL_S = 30;
    private static final Logger LOG = LoggerFactory.getLogger(Exporter.class);
    private static final int BATCH = 100;

    private final Reviews reviews;
    private final CaseStore store;
    private final CaseReports reports;
    private final CaseSink sink;
    private final Backoff backoff;
    private final Counter delivered;
    private final Counter failures;
    private final Object wake = new Object();
    /** Held while a batch is sent, so {@link #active(boolean)} returns only once no delivery is in flight. */
    private final Object turn = new Object();
    private final Thread thread;
    private volatile boolean running = true;
    private boolean active = true; // guarded by turn
    private volatile String lastError;
    private boolean settled;
    private boolean signalled;

    public Exporter(Reviews reviews, CaseReports reports, CaseSink sink, Duration retryMin, Duration retryMax,
                    PrometheusRegistry registry) {
        this.reviews = reviews;
        this.store = reviews.store();
        this.reports = reports;
        this.sink = sink;
        this.backoff = new Backoff(retryMin, retryMax);
        this.delivered = Counter.builder().name("streetwatch_export_delivered_total")
                .help("Confirmed cases the command centre acknowledged").labelNames("sink").register(registry);
        this.failures = Counter.builder().name("streetwatch_export_failures_total")
                .help("Failed attempts to deliver a case (each is retried)").labelNames("sink").register(registry);
        GaugeWithCallback.builder().name("streetwatch_export_waiting")
                .help("Confirmed cases not yet acknowledged by the command centre")
                .callback(cb -> cb.call(waitingOrMinusOne())).register(registry);
        reviews.onChange(c -> {
            if (c.review().status() == CaseStatus.CONFIRMED || c.review().status() == CaseStatus.WARNED) {
                wake();
            }
        });
        this.thread = new Thread(this::run, "case-export");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
        LOG.info("exporting confirmed cases to {}", sink.name());
    }

    /**
     * Cluster mode: only the node the fleet's group chose exports. Turning off waits for the case in flight, so two
     * nodes never deliver at once; turning on asks the sink first what it already holds (the previous exporter may
     * have died between a delivery and its commit).
     */
    public void active(boolean on) {
        synchronized (turn) {
            active = on;
            settled = false;
        }
        LOG.info(on ? "this node exports confirmed cases now" : "another node exports confirmed cases now");
        wake();
    }

    private void wake() {
        synchronized (wake) {
            signalled = true;
            wake.notifyAll();
        }
    }

    private void run() {
        while (running) {
            boolean idle;
            try {
                idle = exportSome();
                if (lastError != null) {
                    LOG.info("export to {} works again", sink.name());
                    lastError = null;
                }
                backoff.reset();
            } catch (Exception e) {
                settled = false; // the last attempt may have arrived: ask the sink before sending again
                failures.labelValues(sink.name()).inc();
                String msg = e.getMessage() == null ? e.toString() : e.getMessage();
                if (!msg.equals(lastError)) {
                    LOG.warn("export to {} failed, retrying: {}", sink.name(), msg);
                }
                lastError = msg;
                pause(backoff.nextMs(), false);
                continue;
            }
            if (idle) {
                pause(IDLE_POLL_S * 1000L, true);
            }
        }
    }

    /** Sends the next batch; returns true if nothing was waiting. */
    private boolean exportSome() throws Exception {
        synchronized (turn) {
            return active ? exportBatch() : true;
        }
    }

    private boolean exportBatch() throws Exception {
        List<Case> waiting = waiting();
        if (waiting.isEmpty()) {
            return true;
        }
        if (!settled) {
            settle(waiting);
            settled = true;
            waiting = waiting();
        }
        for (Case c : waiting) {
            if (!running || !active) {
                return false;
            }
            String receipt = sink.deliver(reports.of(c));
            acknowledged(c, receipt);
            delivered.labelValues(sink.name()).inc();
        }
        return false;
    }

    private void settle(List<Case> waiting) throws Exception {
        List<String> ids = new ArrayList<>();
        long since = Long.MAX_VALUE;
        for (Case c : waiting) {
            ids.add(c.id());
            since = Math.min(since, c.review().reviewedAt() == null ? c.when().confirmedAt() : c.review().reviewedAt());
        }
        Set<String> held = sink.alreadyHas(ids, since);
        for (String id : held) {
            Case c = waiting.stream().filter(w -> w.id().equals(id)).findFirst().orElseThrow();
            LOG.warn("case {}: {} already has it (acknowledged before the last stop, not yet marked); not sent again",
                    id, sink.name());
            acknowledged(c, "already held by the receiver");
        }
    }

    private void acknowledged(Case c, String receipt) throws StoreException {
        try {
            reviews.exported(c.id(), "export:" + sink.name(), receipt);
        } catch (CaseStore.TransitionException e) {
            // re-reviewed while it was being sent: the receiver holds it anyway, the audit trail says so
            LOG.warn("case {} was delivered ({}) but changed meanwhile: {}", c.id(), receipt, e.getMessage());
        }
    }

    /** @param wakeable whether a new confirmation ends the pause (not a retry delay: that would hammer a dead sink) */
    private void pause(long ms, boolean wakeable) {
        synchronized (wake) {
            long until = System.currentTimeMillis() + ms;
            while (running && !(wakeable && signalled)) {
                long left = until - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                try {
                    wake.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (wakeable) {
                signalled = false;
            }
        }
    }

    /** The next cases to send, oldest first: confirmed violations, and warnings to units. */
    private List<Case> waiting() throws StoreException {
        List<Case> out = new ArrayList<>(store.list(new CaseQuery(CaseStatus.CONFIRMED, null, null, null, null, BATCH,
                0, true)));
        out.addAll(store.list(new CaseQuery(CaseStatus.WARNED, null, null, null, null, BATCH, 0, true)));
        return out;
    }

    private int waitingOrMinusOne() {
        try {
            return store.count(new CaseQuery(CaseStatus.CONFIRMED, null, null, null, null, 1, 0, true))
                    + store.count(new CaseQuery(CaseStatus.WARNED, null, null, null, null, 1, 0, true));
        } catch (StoreException e) {
            return -1;
        }
    }

    public Status status() {
        return new Status(sink.name(), waitingOrMinusOne(), (long) delivered.labelValues(sink.name()).get(),
                (long) failures.labelValues(sink.name()).get(), lastError);
    }

    /**
     * Stops now: closing the sink ends a delivery that is waiting on an unreachable receiver (whether it arrived is
     * settled at the next start), so a stop never waits for a delivery timeout.
     */
    @Override
    public void close() throws InterruptedException {
        running = false;
        wake();
        sink.close();
        thread.join(Duration.ofSeconds(15).toMillis());
    }
}
