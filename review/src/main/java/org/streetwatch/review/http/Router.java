package org.streetwatch.review.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Routes requests by method and path; {@code {name}} segments capture one path segment. */
public final class Router {

    /** Answers one request. May throw; the server turns that into a 500 without details. */
    @FunctionalInterface
    public interface Handler {
        Response handle(Request request) throws Exception;
    }

    private record Route(String method, String[] segments, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();

    public Router get(String pattern, Handler h) {
        return add("GET", pattern, h);
    }

    public Router post(String pattern, Handler h) {
        return add("POST", pattern, h);
    }

    public Router add(String method, String pattern, Handler h) {
        routes.add(new Route(method, split(pattern), h));
        return this;
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }

    /** The response for a request: the matching route's, 405 if only the method is wrong, else 404. */
    Response route(Request req) throws Exception {
        String[] segs = split(req.path());
        boolean pathMatched = false;
        for (Route r : routes) {
            Map<String, String> params = match(r.segments(), segs);
            if (params == null) {
                continue;
            }
            pathMatched = true;
            if (r.method().equals(req.method()) || (r.method().equals("GET") && req.method().equals("HEAD"))) {
                return r.handler().handle(req.withParams(params));
            }
        }
        return pathMatched ? Response.error(405, "method not allowed") : Response.error(404, "not found");
    }

    private static Map<String, String> match(String[] pattern, String[] path) {
        if (pattern.length != path.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                if (path[i].isEmpty()) {
                    return null;
                }
                params.put(p.substring(1, p.length() - 1), path[i]);
            } else if (!p.equals(path[i])) {
                return null;
            }
        }
        return params;
    }
}
