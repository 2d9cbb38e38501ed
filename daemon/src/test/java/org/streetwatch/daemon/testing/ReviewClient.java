package org.streetwatch.daemon.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.evidence.store.Database;
import org.streetwatch.review.auth.Role;
import org.streetwatch.review.auth.Users;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The review API as a logged-in person uses it, over real HTTP. */
public final class ReviewClient {

    public static final String PASSWORD = "street-review-2026";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private String cookie;
    private String csrf;

    public ReviewClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /**
     * Adds a user to the config's database (as {@code streetwatch users add} does), in the districts of all the
     * config's cameras.
     */
    public static void addUser(StreetwatchConfig cfg, String name, Role role) throws Exception {
        addUser(cfg, name, role, districts(cfg));
    }

    /** The districts of a config's cameras. */
    public static java.util.Set<String> districts(StreetwatchConfig cfg) {
        return cfg.cameras().stream().map(StreetwatchConfig.CameraConfig::district)
                .collect(java.util.stream.Collectors.toSet());
    }

    /** The same, in these districts. */
    public static void addUser(StreetwatchConfig cfg, String name, Role role, java.util.Set<String> districts)
            throws Exception {
        try (Database db = cfg.openDatabase()) {
            Users users = new Users(db);
            if (users.find(name).isEmpty()) {
                users.add(name, role, districts, PASSWORD.toCharArray());
            }
        }
    }

    public ReviewClient login(String user) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("user", user,
                        "password", PASSWORD)))).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login failed: " + r.statusCode() + " " + r.body());
        }
        String set = r.headers().firstValue("Set-Cookie").orElseThrow();
        cookie = set.substring(0, set.indexOf(';'));
        csrf = JSON.readTree(r.body()).path("csrf").asString();
        return this;
    }

    /** A request as the logged-in person, whatever its answer ({@code body} null: a GET). */
    public HttpResponse<String> call(String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie);
        if (body != null) {
            b.header("X-CSRF-Token", csrf).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public JsonNode get(String path) throws Exception {
        HttpResponse<String> r = call(path, null);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    public JsonNode review(String caseId, String decision, String reason) throws Exception {
        HttpResponse<String> r = call("/api/cases/" + caseId + "/review", JSON.writeValueAsString(Map.of("decision",
                decision, "reason", reason)));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("review " + caseId + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** A URL without authentication, e.g. /metrics. */
    public String plain(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
