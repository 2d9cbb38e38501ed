package org.streetwatch.evidence.cases;

import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.evidence.clip.ClipSource;
import org.streetwatch.evidence.integrity.CaseLog;
import org.streetwatch.evidence.integrity.Signer;
import org.streetwatch.evidence.nearmiss.NearMisses;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.EvidenceFolder;
import org.streetwatch.evidence.store.StoreException;
import org.streetwatch.violation.NearMiss;
import org.streetwatch.violation.Violation;
import org.streetwatch.violation.ViolationSink;

/**
 * Turns confirmed violations into cases: stills (clean and annotated), a clip remuxed from the camera's ring with pre-
 * and post-roll, a manifest of every file's SHA-256, all committed to the evidence folder atomically, and only then the
 * case row ({@link CaseWriter} writes one case, {@link Manifest} is its manifest, {@link CaseRecovery} puts back what a
 * crash left half-written). A reviewer never sees a case whose files are not durable.
 *
 * <p>Threads: violations arrive on analysis threads and are handed at once to this recorder's own writer pool (two
 * platform threads). Its queue is bounded; when it is full the analysis thread writes the case itself: under a flood
 * of cases analysis slows down (and live cameras drop frames upstream) rather than a case being lost. The clip's
 * post-roll is waited for without holding a writer thread.
 */
public final class CaseRecorder implements ViolationSink, AutoCloseable {

    /**
     * @param preRollUs   video kept before the event
     * @param postRollUs  video kept after the event
     * @param minFreeBytes below this much free disk beyond {@link #RESERVE_BYTES}, clips are skipped (the case is
     *                     still recorded, flagged)
     * @param timeZone    for the time printed on annotated stills
     */
    public record Options(long preRollUs, long postRollUs, long minFreeBytes, ZoneId timeZone) {
    }

    /**
     * Disk kept free for the smallest case (manifest, signature, case-log line and database row): stills are written
     * only while they leave this much, clips only while they leave {@code minFreeBytes} more. It covers a SQLite
     * database on the same disk, whose write-ahead log grows up to its 4 MB auto-checkpoint, and many cases kept at
     * that size while the disk stays full.
     */
    public static final long RESERVE_BYTES = 8L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(CaseRecorder.class);

    private final EvidenceFolder folder;
    private final CaseStore store;
    private final CaseLog log;
    private final CaseWriter writer;
    private final UnaryOperator<String> districtOf;
    private final NearMisses nearMisses;
    private final ThreadPoolExecutor writers;
    private final Object endLock = new Object();
    private final Set<String> writing = new HashSet<>();
    private final Map<String, Long> pendingEnds = new HashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * @param districtOf a camera's district as configured now (read when its case is recorded), or null
     * @param nearMisses where near misses are kept, or null to keep none
     */
    public CaseRecorder(EvidenceFolder folder, CaseStore store, Signer signer, CaseLog log, ClipSource clips,
                        Options options, EvidenceMetrics metrics, UnaryOperator<String> districtOf,
                        NearMisses nearMisses) {
        this.folder = folder;
        this.store = store;
        this.log = log;
        this.districtOf = districtOf;
        this.nearMisses = nearMisses;
        AtomicInteger n = new AtomicInteger();
        this.writers = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256), r -> {
            Thread t = new Thread(r, "case-writer-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
        this.writer = new CaseWriter(folder, store, signer, log, clips, options, metrics, districtOf, writers,
                this::done);
    }

    @Override
    public void confirmed(Violation v) {
        synchronized (endLock) {
            if (!writing.add(v.id())) {
                return;
            }
        }
        inFlight.incrementAndGet();
        writers.execute(() -> writer.write(v));
    }

    /** A warning to a unit is recorded like a violation (its id says what it is), then marked warned. */
    @Override
    public void warned(Violation v) {
        confirmed(v);
    }

    /** Stored by a case writer (a full queue makes the analysis thread store it itself, as with cases). */
    @Override
    public void nearMiss(NearMiss m) {
        if (nearMisses == null) {
            return;
        }
        inFlight.incrementAndGet();
        writers.execute(() -> {
            try {
                nearMisses.record(new NearMisses.Row(m.cameraId(), m.rule(), m.zoneId(), m.ptsUs(), m.wallMs(),
                        districtOf.apply(m.cameraId()), m.reason(), m.params(), m.measurements()));
            } catch (StoreException e) {
                LOG.error("near miss of {} on camera {}: {}", m.rule(), m.cameraId(), e.getMessage());
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    @Override
    public void ended(Violation v, long endUs, long endWallMs) {
        synchronized (endLock) {
            if (writing.contains(v.id())) {
                pendingEnds.put(v.id(), endWallMs);
                return;
            }
        }
        inFlight.incrementAndGet(); // drain() waits for the end to be recorded too
        writers.execute(() -> {
            try {
                store.ended(v.id(), endWallMs, log::appendCommitted);
            } catch (StoreException e) {
                LOG.error("{}", e.getMessage());
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    /** A violation's case is written, or failed: an end that came meanwhile is recorded now. */
    private void done(String violationId) {
        Long late;
        synchronized (endLock) {
            writing.remove(violationId);
            late = pendingEnds.remove(violationId);
        }
        if (late != null) {
            try {
                store.ended(violationId, late, log::appendCommitted);
            } catch (StoreException e) {
                LOG.error("{}", e.getMessage());
            }
        }
        inFlight.decrementAndGet();
    }

    /**
     * Puts back what a crash between committing a case's folder and its database row left out (see
     * {@link CaseRecovery}). Returns how many rows.
     */
    public int recover() throws StoreException, IOException {
        return CaseRecovery.recover(folder, store, log);
    }

    /** Cases confirmed but not yet committed (waiting for post-roll or being written). */
    public int inFlight() {
        return inFlight.get();
    }

    /** Waits until every case confirmed (and near miss seen) so far is committed. */
    public void drain(Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(inFlight.get() + " cases still being written");
            }
            Thread.sleep(20);
        }
    }

    /** Lets the cases in flight finish (their post-roll is complete once the cameras stopped), then stops. */
    @Override
    public void close() throws InterruptedException {
        try {
            drain(Duration.ofSeconds(60));
        } catch (TimeoutException e) {
            LOG.warn("stopping with {} cases unwritten", inFlight.get());
        }
        writers.shutdown();
        if (!writers.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("case writers did not finish in 30 s");
            writers.shutdownNow();
        }
    }
}
