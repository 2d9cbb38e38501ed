package org.streetwatch.evidence.auth;

import java.util.Locale;

/** What a person may do on the review page: reviewers decide cases; operators also see rates and the export queue. */
public enum Role {
    REVIEWER,
    OPERATOR;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this role may do what {@code needed} may. */
    public boolean covers(Role needed) {
        return this == OPERATOR || this == needed;
    }

    public static Role of(String key) {
        for (Role r : values()) {
            if (r.key().equals(key)) {
                return r;
            }
        }
        throw new IllegalArgumentException("role must be reviewer or operator, not '" + key + "'");
    }
}
