package org.streetwatch.evidence.cases;

import java.util.Locale;

/**
 * Where a case is in its review: pending, then confirmed or rejected by a person, then exported if confirmed (a
 * warning to a responsible unit under a grace period is warned at once, and exported as such); then, as
 * the command centre reports back, dispatched and handled; then, once streetwatch looked at the place again, verified
 * (the violation is gone) or recurred (still there: a new case follows).
 */
public enum CaseStatus {
    PENDING,
    CONFIRMED,
    REJECTED,
    WARNED,
    EXPORTED,
    DISPATCHED,
    HANDLED,
    VERIFIED,
    RECURRED;

    /** Set by a person's decision (reviewer, reason and time go on the row); the others by the system. */
    public boolean decision() {
        return this == CONFIRMED || this == REJECTED;
    }

    /** Confirmed, and perhaps already on its way through the command centre (a warning sent is exported too). */
    public boolean confirmed() {
        return this == CONFIRMED || ordinal() >= EXPORTED.ordinal();
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CaseStatus of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
