package org.streetwatch.daemon.wiring;

import java.time.Duration;
import java.util.function.Supplier;
import org.streetwatch.detector.rule.Suppressions;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.cases.Reviews;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.StoreException;
import org.streetwatch.violation.Box;

/**
 * Rejected cases keep the rules quiet about the same object at the same place for {@code review.suppress_rejected_s}:
 * those rejected before this start, and each one rejected from now on (with the window as the config has it then).
 */
final class RejectedCases {

    private RejectedCases() {
    }

    static void quiet(Suppressions suppressions, CaseStore store, Reviews reviews, Supplier<Duration> window)
            throws StoreException {
        long windowMs = window.get().toMillis();
        for (Case c : store.rejectedSince(System.currentTimeMillis() - windowMs)) {
            suppress(suppressions, c, windowMs);
        }
        reviews.onChange(c -> {
            if (c.review().status() == CaseStatus.REJECTED) {
                suppress(suppressions, c, window.get().toMillis());
            }
        });
    }

    private static void suppress(Suppressions suppressions, Case c, long windowMs) {
        if (c.where().area() == null || c.where().appearance() == null || c.review().reviewedAt() == null) {
            return;
        }
        float[] a = c.where().area();
        suppressions.add(new Suppressions.Entry(c.where().camera(), c.what().rule(), c.where().zone(),
                new Box(a[0], a[1], a[2], a[3]), c.where().appearance(), c.review().reviewedAt() + windowMs));
    }
}
