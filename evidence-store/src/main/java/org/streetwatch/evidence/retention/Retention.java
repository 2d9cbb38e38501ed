package org.streetwatch.evidence.retention;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.EvidenceFile;
import org.streetwatch.evidence.integrity.CaseLog;
import org.streetwatch.evidence.nearmiss.NearMisses;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.EvidenceFolder;
import org.streetwatch.evidence.store.StoreException;

/**
 * Removes the files of cases that are done with — rejected, or exported to the command centre — once they are older
 * than the retention age, and oldest first while the evidence exceeds its disk budget. Pending cases and confirmed
 * cases not yet exported are never touched, whatever the budget says. The row and its audit trail stay; the removal
 * is written to the signed case log first, so {@code verify} knows the folder went legitimately.
 *
 * <p>One thread ({@code retention}) runs this at start and then every {@code interval}.
 */
public final class Retention implements AutoCloseable {

    /**
     * @param maxAge       files of done cases older than this go (null: no age limit)
     * @param budgetBytes  beyond this many bytes of evidence, the oldest done cases go (0: no budget)
     */
    public record Policy(Duration maxAge, long budgetBytes) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    private static final int BATCH = 200;

    private final CaseStore store;
    private final EvidenceFolder folder;
    private final CaseLog log;
    private final Policy policy;
    private final NearMisses nearMisses;
    private final Counter purged;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "retention");
        t.setDaemon(true);
        return t;
    });

    /** @param nearMisses near misses, removed after the same age as cases' files (they have no files to budget) */
    public Retention(CaseStore store, EvidenceFolder folder, CaseLog log, NearMisses nearMisses, Policy policy,
                     PrometheusRegistry registry) {
        this.store = store;
        this.folder = folder;
        this.log = log;
        this.nearMisses = nearMisses;
        this.policy = policy;
        this.purged = Counter.builder().name("streetwatch_evidence_purged_total")
                .help("Cases whose files retention removed").register(registry);
        GaugeWithCallback.builder().name("streetwatch_evidence_retained_bytes")
                .help("Bytes of evidence files kept").callback(cb -> {
                    try {
                        cb.call(store.retainedBytes());
                    } catch (StoreException e) {
                        cb.call(-1);
                    }
                }).register(registry);
    }

    public void start(Duration interval) {
        thread.scheduleWithFixedDelay(() -> {
            try {
                runOnce(System.currentTimeMillis());
            } catch (StoreException | IOException | RuntimeException e) {
                LOG.error("retention: {}", e.getMessage(), e);
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One pass; returns how many cases' files were removed. */
    public int runOnce(long nowMs) throws StoreException, IOException {
        int n = 0;
        if (policy.maxAge() != null) {
            long before = nowMs - policy.maxAge().toMillis();
            int misses = nearMisses.purgeBefore(before);
            if (misses > 0) {
                LOG.info("retention removed {} near misses older than {} days", misses, policy.maxAge().toDays());
            }
            List<Case> old;
            while (!(old = store.purgeable(before, BATCH)).isEmpty()) {
                for (Case c : old) {
                    purge(c, nowMs, "older than " + policy.maxAge().toDays() + " days");
                    n++;
                }
            }
        }
        if (policy.budgetBytes() > 0) {
            long kept = store.retainedBytes();
            while (kept > policy.budgetBytes()) {
                List<Case> oldest = store.purgeable(null, BATCH);
                if (oldest.isEmpty()) {
                    LOG.warn("evidence uses {} MB, over its budget of {} MB, but every remaining case is pending or "
                            + "waiting for export: nothing may be removed", kept >> 20, policy.budgetBytes() >> 20);
                    break;
                }
                for (Case c : oldest) {
                    if (kept <= policy.budgetBytes()) {
                        break;
                    }
                    purge(c, nowMs, "over the disk budget");
                    kept -= c.evidence().files().stream().mapToLong(EvidenceFile::bytes).sum();
                    n++;
                }
            }
        }
        if (n > 0) {
            LOG.info("retention removed the files of {} cases", n);
        }
        return n;
    }

    private void purge(Case c, long nowMs, String why) throws StoreException {
        // marked (and logged) first, removed after: a failure in between leaves files of a purged case, never a case
        // whose files are gone without a purge on record
        store.purged(c.id(), nowMs, log::appendCommitted);
        try {
            folder.removeFiles(c.evidence().dir(), c.evidence().files().stream().map(EvidenceFile::name).toList());
        } catch (IOException e) {
            throw new StoreException("cannot remove " + c.evidence().dir() + ": " + e.getMessage(), e);
        }
        purged.inc();
        LOG.debug("case {}: files removed ({})", c.id(), why);
    }

    @Override
    public void close() throws InterruptedException {
        thread.shutdownNow();
        thread.awaitTermination(10, TimeUnit.SECONDS);
    }
}
