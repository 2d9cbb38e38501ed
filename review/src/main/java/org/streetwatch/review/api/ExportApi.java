package org.streetwatch.review.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.export.Exporter;
import org.streetwatch.evidence.store.CaseQuery;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.review.auth.Role;
import org.streetwatch.review.http.Response;
import org.streetwatch.review.http.Router;

/**
 * {@code GET /api/export}: the export queue for operators (sink, cases waiting, delivered, failures, last error). An
 * operator counts the cases waiting in their districts; the sink's totals and its last error (which may name another
 * district's case) are for admins.
 */
final class ExportApi {

    private final Exporter exporter;
    private final CaseStore store;
    private final Access access;

    ExportApi(Exporter exporter, CaseStore store, Access access) {
        this.exporter = exporter;
        this.store = store;
        this.access = access;
    }

    void register(Router router) {
        router.get("/api/export", access.require(Role.OPERATOR, (r, s) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            if (exporter == null) {
                m.put("sink", "none");
                return Response.json(m);
            }
            Exporter.Status st = exporter.status();
            m.put("sink", st.sink());
            if (s.role() != Role.ADMIN) {
                m.put("waiting", store.count(new CaseQuery(CaseStatus.CONFIRMED, null, null, null, null, 1, 0, true)
                        .in(s.scope())));
                return Response.json(m);
            }
            m.put("waiting", st.waiting());
            m.put("delivered", st.delivered());
            m.put("failures", st.failures());
            m.put("last_error", st.lastError());
            return Response.json(m);
        }));
    }
}
