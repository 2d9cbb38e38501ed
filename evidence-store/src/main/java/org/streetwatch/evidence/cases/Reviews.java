package org.streetwatch.evidence.cases;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.evidence.integrity.CaseLog;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.StoreException;

/**
 * People's decisions on cases. Every decision goes through here so that what depends on them hears of it: a rejected
 * case teaches the rules to keep quiet about the same object, a confirmed one is queued for export.
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

    /** Called after every decision is committed, with the case as it now is. */
    public void onDecision(Consumer<Case> listener) {
        listeners.add(listener);
    }

    /** Confirms or rejects a case. */
    public Case decide(String caseId, CaseStatus decision, String reviewer, String reason)
            throws StoreException, CaseStore.TransitionException {
        if (decision != CaseStatus.CONFIRMED && decision != CaseStatus.REJECTED) {
            throw new CaseStore.TransitionException("a reviewer confirms or rejects");
        }
        Case c = store.review(caseId, decision, reviewer, reason);
        log.append(caseId, decision.key(), c.manifestSha256(), reviewer);
        LOG.info("case {} {} by {}{}", caseId, decision.key(), reviewer, reason == null ? "" : ": " + reason);
        for (Consumer<Case> l : listeners) {
            try {
                l.accept(c);
            } catch (RuntimeException e) {
                LOG.error("after the review of case {}: {}", caseId, e.toString(), e);
            }
        }
        return c;
    }

    /** The command centre acknowledged the case. */
    public Case exported(String caseId, String via) throws StoreException, CaseStore.TransitionException {
        Case c = store.review(caseId, CaseStatus.EXPORTED, via, null);
        log.append(caseId, CaseStatus.EXPORTED.key(), c.manifestSha256(), via);
        for (Consumer<Case> l : listeners) {
            l.accept(c);
        }
        return c;
    }

    public CaseStore store() {
        return store;
    }
}
