package org.streetwatch.review.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request, fully read (bodies are bounded by the server).
 *
 * @param params path parameters ({@code {id}} segments of the route)
 */
public record Request(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
                      byte[] body, Map<String, String> params, String remote) {

    /** A query parameter, or null. */
    public String query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** A header (case-insensitive), or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** A cookie's value, or null. */
    public String cookie(String name) {
        String h = header("cookie");
        if (h == null) {
            return null;
        }
        for (String part : h.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
                return part.substring(eq + 1).trim();
            }
        }
        return null;
    }

    public String param(String name) {
        return params.get(name);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    Request withParams(Map<String, String> p) {
        return new Request(method, path, query, headers, body, p, remote);
    }
}
