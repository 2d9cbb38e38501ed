package org.streetwatch.evidence.cases;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * behind the database, and withdrawn from the log if the commit fails, so that a decision reported as failed never
 * takes effect later; what depends on decisions hears of them here (a rejected case keeps the rules quiet about the
 * same object, a confirmed one wakes the exporter).
 */
public final class Reviews {

    private static final Logger LOG = LoggerFactory.getLogger(Reviews.class);

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

    /**
     * A later step of a confirmed case: the command centre dispatched or handled it, or the re-check found the place
     * clear (verified) or the violation still there (recurred). Refused unless the case is at the step before.
     *
     * @param actor  who reported it, e.g. {@code dispositions:kafka}
     * @param detail what they said, for the audit trail
     */
    public Case progressed(String caseId, CaseStatus next, String actor, String detail)
            throws StoreException, CaseStore.TransitionException {
        if (next.ordinal() <= CaseStatus.EXPORTED.ordinal()) {
            throw new CaseStore.TransitionException("a case progresses to dispatched, handled, verified or recurred");
        }
        Case c = change(caseId, next, actor, detail);
        LOG.info("case {} {} ({})", caseId, next.key(), actor);
        return c;
    }

    private Case change(String caseId, CaseStatus next, String actor, String detail)
            throws StoreException, CaseStore.TransitionException {
        Case c = store.review(caseId, next, actor, detail, System.currentTimeMillis(), log::appendCommitted);
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
     * Brings the database up to the case log after a crash between a log entry and its row's commit: the entries of
     * a case that its audit trail lacks (a decision, an acknowledgement, its end, its purge) are applied with the
     * logged values — who, why, when — so the row then matches the log exactly. The log is the authority; a database
     * that disagrees with it otherwise (edited behind it) is what {@code verify} reports, not what this repairs, and a
     * case without a row is recovered from its manifest ({@link CaseRecorder#recover}). Returns how many were applied.
     */
    public int catchUp(Path logFile) throws StoreException, IOException {
        Map<String, List<CaseStore.Event>> trails = store.allEvents();
        int n = 0;
        for (List<CaseLog.Entry> entries : CaseLog.byCase(CaseLog.read(logFile)).values()) {
            String id = entries.get(0).caseId();
            List<CaseStore.Event> trail = trails.getOrDefault(id, List.of());
            if (trail.isEmpty() || trail.size() >= entries.size()) {
                continue;
            }
            int differs = firstDifference(trail, entries);
            if (differs >= 0) {
                LOG.error("case {}: its audit trail and the case log disagree at event {} ({} / {}); not caught up "
                        + "(streetwatch verify names the difference)", id, differs + 1, trail.get(differs).action(),
                        entries.get(differs).event());
                continue;
            }
            for (CaseLog.Entry e : entries.subList(trail.size(), entries.size())) {
                try {
                    apply(e);
                } catch (CaseStore.TransitionException ex) {
                    LOG.error("case {}: the case log says {} but the database cannot follow: {}", id, e.event(),
                            ex.getMessage());
                    break;
                }
                LOG.warn("case {}: the database lacked its '{}' by {} (the last run stopped in between); applied from "
                        + "the case log", id, e.event(), e.actor());
                n++;
            }
        }
        return n;
    }

    private static int firstDifference(List<CaseStore.Event> trail, List<CaseLog.Entry> entries) {
        for (int i = 0; i < trail.size(); i++) {
            if (!trail.get(i).action().equals(entries.get(i).event())) {
                return i;
            }
        }
        return -1;
    }

    private void apply(CaseLog.Entry e) throws StoreException, CaseStore.TransitionException {
        switch (e.event()) {
            case "ended" -> store.ended(store.get(e.caseId()).orElseThrow().violationId(), e.at(), CaseStore.FROM_LOG);
            case "purged" -> store.purged(e.caseId(), e.at(), CaseStore.FROM_LOG);
            default -> store.review(e.caseId(), CaseStatus.of(e.event()), e.actor(), e.detail(), e.at(),
                    CaseStore.FROM_LOG);
        }
    }

    public CaseStore store() {
        return store;
    }

    public CaseLog log() {
        return log;
    }
}
