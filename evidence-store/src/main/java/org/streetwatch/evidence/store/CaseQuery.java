package org.streetwatch.evidence.store;

import org.streetwatch.evidence.cases.CaseStatus;

/**
 * A filter over cases; null fields do not filter. Newest confirmation first.
 *
 * @param fromMs confirmed at or after, wall ms
 * @param toMs   confirmed before, wall ms
 */
public record CaseQuery(CaseStatus status, String camera, String rule, Long fromMs, Long toMs, int limit, int offset) {

    public static final int MAX_LIMIT = 1000;

    public static CaseQuery all() {
        return new CaseQuery(null, null, null, null, null, MAX_LIMIT, 0);
    }

    public CaseQuery {
        limit = Math.max(1, Math.min(limit, MAX_LIMIT));
        offset = Math.max(0, offset);
    }
}
