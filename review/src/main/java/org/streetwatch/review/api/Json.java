package org.streetwatch.review.api;

import org.streetwatch.review.http.Request;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Request bodies as JSON. */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    /** The body as a JSON object, or null if it is empty, malformed or not an object. */
    static JsonNode body(Request r) {
        if (r.body().length == 0) {
            return null;
        }
        try {
            JsonNode n = MAPPER.readTree(r.body());
            return n != null && n.isObject() ? n : null;
        } catch (JacksonException e) {
            return null;
        }
    }
}
