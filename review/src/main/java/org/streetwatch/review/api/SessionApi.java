package org.streetwatch.review.api;

import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.review.auth.LoginThrottle;
import org.streetwatch.review.auth.Passwords;
import org.streetwatch.review.auth.Role;
import org.streetwatch.review.auth.Session;
import org.streetwatch.review.auth.User;
import org.streetwatch.review.auth.Users;
import org.streetwatch.review.http.Request;
import org.streetwatch.review.http.Response;
import org.streetwatch.review.http.Router;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/login}, {@code POST /api/logout}, {@code GET /api/session}. */
final class SessionApi {

    private static final Logger LOG = LoggerFactory.getLogger(SessionApi.class);

    private final Users users;
    private final Access access;
    private final LoginThrottle throttle = new LoginThrottle();

    SessionApi(Users users, Access access) {
        this.users = users;
        this.access = access;
    }

    void register(Router router) {
        router.post("/api/login", this::login);
        router.post("/api/logout", access.require(Role.REVIEWER, this::logout));
        router.get("/api/session", access.require(Role.REVIEWER, (r, s) -> Response.json(describe(s))));
    }

    private Response login(Request r) throws Exception {
        Response notJson = Access.jsonBody(r);
        if (notJson != null) {
            return notJson;
        }
        JsonNode body = Json.body(r);
        String name = body == null ? null : body.path("user").asString(null);
        String password = body == null ? null : body.path("password").asString(null);
        if (name == null || password == null || name.length() > 64 || password.length() > 1024) {
            return Response.error(400, "send {\"user\": ..., \"password\": ...}");
        }
        long now = System.currentTimeMillis();
        long wait = throttle.attempt(name, r.remote(), now);
        if (wait > 0) {
            return Response.error(429, "too many failed logins; try again later")
                    .header("Retry-After", Long.toString((wait + 999) / 1000));
        }
        Optional<User> u = users.find(name);
        char[] pw = password.toCharArray();
        boolean ok = Passwords.matches(pw, u.map(User::passwordHash).orElse(null));
        java.util.Arrays.fill(pw, '\0');
        if (!ok) {
            LOG.warn("failed login for '{}' from {}", name.replaceAll("[^\\p{Graph}]", "?"), r.remote());
            return Response.error(401, "wrong user name or password");
        }
        throttle.succeeded(name, r.remote());
        String token = access.sessions().open(u.get());
        Session s = access.sessions().find(token).orElseThrow();
        LOG.info("{} logged in from {}", s.user(), r.remote());
        return Response.json(describe(s)).header("Set-Cookie", access.cookie(token));
    }

    private Response logout(Request r, Session s) {
        access.sessions().close(r.cookie(Access.COOKIE));
        return Response.json(Map.of("user", s.user())).header("Set-Cookie", access.clearCookie());
    }

    private static Map<String, Object> describe(Session s) {
        return Map.of("user", s.user(), "role", s.role().key(), "csrf", s.csrf(), "districts", s.districts());
    }
}
