package org.streetwatch.evidence.store;

import java.util.Set;
import org.streetwatch.evidence.cases.CaseStatus;

/**
 * A filter over cases; null fields do not filter. Newest confirmation first.
 *
 * @param fromMs confirmed at or after, wall ms
 * @param toMs   confirmed before, wall ms
 * @param oldestFirst the review queue's order (first come, first reviewed); otherwise newest first
 * @param districts   only cases of these districts (empty: none), or null for all
 */
public record CaseQuery(CaseStatus status, String camera, String rule, Long fromMs, Long toMs, int limit, int offset,
                        boolean oldestFirst, Set<String> districts) {

    public static final int MAX_LIMIT = 1000;

    public static CaseQuery all() {
        return new CaseQuery(null, null, null, null, null, MAX_LIMIT, 0, false);
    }

    /** A query over all districts. */
    public CaseQuery(CaseStatus status, String camera, String rule, Long fromMs, Long toMs, int limit, int offset,
                     boolean oldestFirst) {
        this(status, camera, rule, fromMs, toMs, limit, offset, oldestFirst, null);
    }

    /** The same query limited to these districts (null: all). */
    public CaseQuery in(Set<String> only) {
        return new CaseQuery(status, camera, rule, fromMs, toMs, limit, offset, oldestFirst, only);
    }

    public CaseQuery {
        limit = Math.max(1, Math.min(limit, MAX_LIMIT));
        offset = Math.max(0, offset);
    }
}
