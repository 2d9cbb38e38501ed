package org.streetwatch.evidence.disposition;

import java.util.Optional;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.cases.Reviews;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.StoreException;

/**
 * Applies the command centre's dispositions to cases, exactly once by case and step: exported → dispatched →
 * handled. A step the case has already reached or passed — a duplicate, a replayed topic, a callback retried after a
 * lost answer — changes nothing and writes nothing; a step the case cannot take (handled before dispatched, a case
 * never exported) is refused with the reason. Shared by the Kafka consumer and the HTTP callback (any thread).
 */
public final class Dispositions {

    /** What a disposition did: the case as it now is, and whether this call moved it. */
    public record Result(Case c, boolean applied) {
    }

    private final Reviews reviews;

    public Dispositions(Reviews reviews) {
        this.reviews = reviews;
    }

    /**
     * @param via where it came from, the audit trail's actor: {@code dispositions:kafka}, {@code dispositions:http}
     * @throws CaseStore.TransitionException no such case ("no such case"), or the step is not the case's next one
     */
    public Result apply(Disposition d, String via) throws StoreException, CaseStore.TransitionException {
        Case c = current(d.caseId());
        if (reached(c, d.step())) {
            return new Result(c, false);
        }
        try {
            return new Result(reviews.progressed(d.caseId(), d.step(), via, d.detail()), true);
        } catch (CaseStore.TransitionException e) {
            Case now = current(d.caseId()); // the same step, applied meanwhile by another thread or node
            if (reached(now, d.step())) {
                return new Result(now, false);
            }
            throw e;
        }
    }

    private Case current(String caseId) throws StoreException, CaseStore.TransitionException {
        Optional<Case> c = reviews.store().get(caseId);
        if (c.isEmpty()) {
            throw new CaseStore.TransitionException("no such case");
        }
        return c.get();
    }

    /** The case is at this step or past it (the steps after export follow one another in the enum's order). */
    private static boolean reached(Case c, CaseStatus step) {
        return c.review().status().ordinal() >= step.ordinal();
    }
}
