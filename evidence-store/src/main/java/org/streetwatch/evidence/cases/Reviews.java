package org.streetwatch.evidence.cases;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.evidence.integrity.CaseLog;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.StoreException;

/**
 * Every change of a case's status after it was recorded: people's decisions and the exporter's acknowledgements.
 * Each is written to the signed case log inside the database transaction, before it commits, so the log is never
 * behind the database; what depends on decisions hears of them here (a rejected case keeps the rules quiet about the
 * same object, a confirmed one wakes the exporter).
 */
public final class Reviews {

    private static final Logger LOG = LoggerFactory.getLogger(Reviews.class);

    private static final String CAUGHT_UP = "caught up from the case log after a restart";

    private final CaseStore store;
    private final CaseLog log;
    private final List<Consumer<Case>> listeners = new CopyOnWriteArrayList<>();

    public Reviews(CaseStore store, CaseLog log) {
        this.store = store;
        this.log = log;
    }

    /** Called after every change is committed, with the case as it now is. */
    public void onChange(Consumer<Case> listener) {
        listeners.add(listener);
    }

    /** Confirms or rejects a case. */
    public Case decide(String caseId, CaseStatus decision, String reviewer, String reason)
            throws StoreException, CaseStore.TransitionException {
        if (decision != CaseStatus.CONFIRMED && decision != CaseStatus.REJECTED) {
            throw new CaseStore.TransitionException("a reviewer confirms or rejects");
        }
        Case c = change(caseId, decision, reviewer, reason);
        LOG.info("case {} {} by {}{}", caseId, decision.key(), reviewer, reason == null ? "" : ": " + reason);
        return c;
    }

    /**
     * The command centre acknowledged the case.
     *
     * @param via     the sink, e.g. {@code export:kafka}
     * @param receipt where it landed, e.g. {@code streetwatch.cases-0@17}
     */
    public Case exported(String caseId, String via, String receipt) throws StoreException, CaseStore.TransitionException {
        return change(caseId, CaseStatus.EXPORTED, via, receipt);
    }

    private Case change(String caseId, CaseStatus next, String actor, String detail)
            throws StoreException, CaseStore.TransitionException {
        Case c = store.review(caseId, next, actor, detail,
                changed -> log.append(caseId, next.key(), changed.manifestSha256(), actor));
        for (Consumer<Case> l : listeners) {
            try {
                l.accept(c);
            } catch (RuntimeException e) {
                LOG.error("after case {} became {}: {}", caseId, next.key(), e.toString(), e);
            }
        }
        return c;
    }

    /**
     * Brings the database up to the case log after a crash between a log entry and its row's commit: a decision or
     * acknowledgement the signed log holds but the database lacks is applied (the log is the authority; a database
     * edited behind it is what {@code verify} reports, not what this repairs). Returns how many rows changed.
     */
    public int catchUp(Path logFile) throws StoreException, IOException {
        Map<String, CaseLog.Entry> last = new HashMap<>();
        for (CaseLog.Entry e : CaseLog.read(logFile)) {
            // the log also records what is not a case (config changes): only decisions and creations count here
            if (e.event().equals("created") || java.util.Arrays.stream(CaseStatus.values())
                    .anyMatch(st -> st.key().equals(e.event()))) {
                last.put(e.caseId(), e);
            }
        }
        int n = 0;
        for (CaseLog.Entry e : last.values()) {
            if (e.event().equals("created")) {
                continue;
            }
            CaseStatus logged = CaseStatus.of(e.event());
            Optional<Case> row = store.get(e.caseId());
            if (row.isEmpty() || row.get().status() == logged) {
                continue;
            }
            try {
                if (logged == CaseStatus.EXPORTED && row.get().status() == CaseStatus.PENDING) {
                    store.review(e.caseId(), CaseStatus.CONFIRMED, e.actor(), CAUGHT_UP, c -> { });
                }
                store.review(e.caseId(), logged, e.actor(), CAUGHT_UP, c -> { });
                LOG.warn("case {}: the database lacked its '{}' by {} (the last run stopped in between); applied from "
                        + "the case log", e.caseId(), e.event(), e.actor());
                n++;
            } catch (CaseStore.TransitionException ex) {
                LOG.error("case {}: the case log says {} but the database has {} and cannot follow: {}", e.caseId(),
                        e.event(), row.get().status().key(), ex.getMessage());
            }
        }
        return n;
    }

    public CaseStore store() {
        return store;
    }

    public CaseLog log() {
        return log;
    }
}
