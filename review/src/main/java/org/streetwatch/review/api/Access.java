package org.streetwatch.review.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import org.streetwatch.review.auth.Role;
import org.streetwatch.review.auth.Session;
import org.streetwatch.review.auth.Sessions;
import org.streetwatch.review.http.Request;
import org.streetwatch.review.http.Response;
import org.streetwatch.review.http.Router;

/**
 * Who may call what: every route but login and the page itself needs a session cookie; every request that changes
 * something also needs the session's CSRF token in {@code X-CSRF-Token} and a JSON body. The cookie is HttpOnly and
 * SameSite=Strict, so a page on another site can neither read it nor send it.
 */
public final class Access {

    /** A handler that runs for a logged-in person. */
    @FunctionalInterface
    public interface Handler {
        Response handle(Request request, Session session) throws Exception;
    }

    public static final String COOKIE = "sw_session";
    static final String CSRF_HEADER = "X-CSRF-Token";

    private final Sessions sessions;
    private final boolean secureCookie;

    /** @param secureCookie mark the cookie Secure (the page is served over HTTPS, e.g. behind a TLS proxy) */
    public Access(Sessions sessions, boolean secureCookie) {
        this.sessions = sessions;
        this.secureCookie = secureCookie;
    }

    /** Wraps a handler: 401 without a live session, 403 without the role or (on changes) the CSRF token. */
    public Router.Handler require(Role role, Handler h) {
        return r -> {
            Optional<Session> s = sessions.find(r.cookie(COOKIE));
            if (s.isEmpty()) {
                return Response.error(401, "log in first");
            }
            if (!s.get().role().covers(role)) {
                return Response.error(403, "this needs the " + role.key() + " role");
            }
            if (changes(r)) {
                Response refused = refuseChange(r, s.get());
                if (refused != null) {
                    return refused;
                }
            }
            return h.handle(r, s.get());
        };
    }

    static boolean changes(Request r) {
        return !r.method().equals("GET") && !r.method().equals("HEAD");
    }

    private static Response refuseChange(Request r, Session s) {
        String token = r.header(CSRF_HEADER);
        if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                s.csrf().getBytes(StandardCharsets.UTF_8))) {
            return Response.error(403, "missing or wrong " + CSRF_HEADER);
        }
        return jsonBody(r);
    }

    /** Changes carry JSON: a cross-site form cannot send that without a CORS preflight, which this server refuses. */
    static Response jsonBody(Request r) {
        String type = r.header("content-type");
        if (r.body().length > 0 && (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json"))) {
            return Response.error(415, "send application/json");
        }
        return null;
    }

    /** The Set-Cookie value for a new session. */
    String cookie(String token) {
        return COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict" + (secureCookie ? "; Secure" : "");
    }

    /** The Set-Cookie value that ends it in the browser. */
    String clearCookie() {
        return COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + (secureCookie ? "; Secure" : "");
    }

    Sessions sessions() {
        return sessions;
    }
}
