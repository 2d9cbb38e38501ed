package org.streetwatch.evidence.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.streetwatch.evidence.auth.Role;
import org.streetwatch.evidence.export.Exporter;
import org.streetwatch.evidence.http.Response;
import org.streetwatch.evidence.http.Router;

/** {@code GET /api/export}: the export queue for operators (sink, cases waiting, delivered, failures, last error). */
final class ExportApi {

    private final Exporter exporter;
    private final Access access;

    ExportApi(Exporter exporter, Access access) {
        this.exporter = exporter;
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
            m.put("waiting", st.waiting());
            m.put("delivered", st.delivered());
            m.put("failures", st.failures());
            m.put("last_error", st.lastError());
            return Response.json(m);
        }));
    }
}
