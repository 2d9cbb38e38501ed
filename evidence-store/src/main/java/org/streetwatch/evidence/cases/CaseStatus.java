package org.streetwatch.evidence.cases;

import java.util.Locale;

/** Where a case is in its review: pending, then confirmed or rejected by a person, then exported if confirmed. */
public enum CaseStatus {
    PENDING,
    CONFIRMED,
    REJECTED,
    EXPORTED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CaseStatus of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
