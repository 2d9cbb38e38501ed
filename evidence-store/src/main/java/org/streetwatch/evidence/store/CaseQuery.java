package org.streetwatch.evidence.store;

import org.streetwatch.evidence.cases.CaseStatus;

/**
 * A filter over cases; null fields do not filter. Newest confirmation first.
 *
 * @param fromMs confirmed at or after, wall ms
 * @param toMs   confirmed before, wall ms
 * @param oldestFirst the review queue's order (first come, first reviewed); otherwise newest first
 */
public record CaseQuery(CaseStatus status, String camera, String rule, Long fromMs, Long toMs, int limit, int offset,
                        boolean oldestFirst) {

    public static final int MAX_LIMIT = 1000;

    public static CaseQuery all() {
        return new CaseQuery(null, null, null, null, null, MAX_LIMIT, 0, false);
    }

    public CaseQuery {
        limit = Math.max(1, Math.min(limit, MAX_LIMIT));
        offset = Math.max(0, offset);
    }
}
