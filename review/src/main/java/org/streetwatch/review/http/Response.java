package org.streetwatch.review.http;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP response: bytes in memory, or a file streamed from disk (evidence clips), with headers.
 *
 * @param file if not null, the body is this file (or the byte range the request asked for)
 * @param base the folder {@code file} is served from: no path component below it may be a link
 */
public record Response(int status, String contentType, byte[] body, Path file, Path base, Map<String, String> headers) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static Response json(int status, Object value) {
        return bytes(status, "application/json; charset=utf-8", JSON.writeValueAsBytes(value));
    }

    public static Response json(Object value) {
        return json(200, value);
    }

    public static Response text(int status, String contentType, String body) {
        return bytes(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public static Response bytes(int status, String contentType, byte[] body) {
        return new Response(status, contentType, body, null, null, new LinkedHashMap<>());
    }

    /** A regular file at {@code relative} inside {@code base}; a link anywhere on the way is answered 404. */
    public static Response file(Path base, String relative, String contentType) {
        return new Response(200, contentType, null, base.resolve(relative).normalize(), base, new LinkedHashMap<>());
    }

    /** A JSON error {"error": message}; the message is for people, never a stack trace. */
    public static Response error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    public Response header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
