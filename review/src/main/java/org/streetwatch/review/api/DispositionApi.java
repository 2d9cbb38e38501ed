package org.streetwatch.review.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.streetwatch.evidence.disposition.Disposition;
import org.streetwatch.evidence.disposition.Dispositions;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.review.http.Request;
import org.streetwatch.review.http.Response;
import org.streetwatch.review.http.Router;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/dispositions}: the command centre's platform calls back with a case's step (dispatched,
 * handled). A machine, not a person: it authenticates with the service token ({@code Authorization: Bearer TOKEN}),
 * not a session, so it needs no CSRF token. The token is compared in constant time (both sides hashed first, so not
 * even its length shows) and is never logged or echoed. Any district: the command centre sees the whole city.
 */
public final class DispositionApi {

    public static final String ACTOR = "dispositions:http";
    private static final String BEARER = "Bearer ";

    private final Dispositions dispositions;
    private final byte[] tokenHash;

    /** @param token the service token (from the environment, never from the config file) */
    public DispositionApi(Dispositions dispositions, String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the dispositions service token is empty");
        }
        this.dispositions = dispositions;
        this.tokenHash = sha256(token);
    }

    public void register(Router router) {
        router.post("/api/dispositions", this::dispose);
    }

    private Response dispose(Request r) throws Exception {
        if (!authorised(r.header("authorization"))) {
            return Response.error(401, "send the service token as Authorization: Bearer TOKEN")
                    .header("WWW-Authenticate", "Bearer");
        }
        Response refused = Access.jsonBody(r);
        if (refused != null) {
            return refused;
        }
        JsonNode body = Json.body(r);
        if (body == null) {
            return Response.error(400, "send {\"case_id\", \"step\": \"dispatched\" | \"handled\", \"by\", \"note\"}");
        }
        Disposition d;
        try {
            d = new Disposition(body.path("case_id").asString(null), Disposition.step(body.path("step").asString(null)),
                    body.path("by").asString(null), body.path("note").asString(null), null);
        } catch (IllegalArgumentException e) {
            return Response.error(400, e.getMessage());
        }
        try {
            Dispositions.Result result = dispositions.apply(d, ACTOR);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("case_id", d.caseId());
            m.put("status", result.c().review().status().key());
            m.put("applied", result.applied());
            return Response.json(m);
        } catch (CaseStore.TransitionException e) {
            return Response.error(e.getMessage().equals("no such case") ? 404 : 409, e.getMessage());
        }
    }

    private boolean authorised(String header) {
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return MessageDigest.isEqual(sha256(header.substring(BEARER.length()).strip()), tokenHash);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
