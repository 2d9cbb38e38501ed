package org.streetwatch.review.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.streetwatch.review.http.Response;
import org.streetwatch.review.http.Router;

/**
 * The review page: five static files from the jar, no build step. A strict Content-Security-Policy allows only
 * this server's own scripts, styles, images and video, so injected text can never run as script.
 */
final class ReviewPage {

    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "wall.js", "text/javascript; charset=utf-8",
            "tune.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8");
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "media-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final Map<String, byte[]> content = new java.util.HashMap<>();

    ReviewPage() {
        for (String name : FILES.keySet()) {
            try (InputStream in = ReviewPage.class.getResourceAsStream("/review/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("review page file missing from the jar: " + name);
                }
                content.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new IllegalStateException("cannot read review page file " + name, e);
            }
        }
    }

    void register(Router router) {
        router.get("/", r -> page("index.html"));
        router.get("/static/{name}", r -> FILES.containsKey(r.param("name")) && !r.param("name").equals("index.html")
                ? page(r.param("name")) : Response.error(404, "not found"));
    }

    private Response page(String name) {
        return Response.bytes(200, FILES.get(name), content.get(name))
                .header("Content-Security-Policy", CSP)
                .header("X-Frame-Options", "DENY");
    }
}
