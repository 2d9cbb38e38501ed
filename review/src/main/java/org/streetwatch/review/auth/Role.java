package org.streetwatch.review.auth;

import java.util.Locale;

/**
 * What a person may do on the review page: reviewers decide cases; operators also see rates, the export queue and the
 * camera wall. Both only in their districts; an admin may do what an operator may, in every district.
 */
public enum Role {
    REVIEWER,
    OPERATOR,
    ADMIN;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this role may do what {@code needed} may (the roles are ordered by what they may do). */
    public boolean covers(Role needed) {
        return compareTo(needed) >= 0;
    }

    public static Role of(String key) {
        for (Role r : values()) {
            if (r.key().equals(key)) {
                return r;
            }
        }
        throw new IllegalArgumentException("role must be reviewer, operator or admin, not '" + key + "'");
    }
}
