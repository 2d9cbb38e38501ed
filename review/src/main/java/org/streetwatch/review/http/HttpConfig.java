package org.streetwatch.review.http;

import java.time.Duration;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.Settings;
import org.streetwatch.config.Type;
import org.streetwatch.config.Validator;

/** The {@code http} section: where the server listens and the limits it holds connections to. */
public final class HttpConfig {

    public static final String BIND = "bind";
    public static final String PORT = "port";
    public static final String MAX_BODY_BYTES = "max_body_bytes";
    public static final String MAX_CONNECTIONS = "max_connections";
    public static final String MAX_CONNECTIONS_PER_ADDRESS = "max_connections_per_address";
    public static final String FD_RESERVE = "fd_reserve";
    public static final String IDLE_S = "idle_s";
    public static final String REQUEST_TIMEOUT_S = "request_timeout_s";
    public static final String SECURE_COOKIES = "secure_cookies";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(BIND, Type.STRING, "127.0.0.1", Validator.NON_EMPTY,
                    "Address the review page, API and metrics listen on (0.0.0.0 for every interface)")
            .define(PORT, Type.INT, 8080, Validator.between(0, 65535), "TCP port (0: any free port)")
            .define(MAX_BODY_BYTES, Type.INT, 1 << 20, Validator.between(1024, 64 << 20),
                    "Largest request body accepted; larger requests get 413")
            .define(MAX_CONNECTIONS, Type.INT, 10_000, Validator.between(16, 1_000_000),
                    "Most connections open at once, lowered to the descriptor limit less fd_reserve; beyond it a "
                            + "new connection displaces the longest idle one")
            .define(MAX_CONNECTIONS_PER_ADDRESS, Type.INT, 256, Validator.between(1, 1_000_000),
                    "Most connections open at once from one address; more are closed at once")
            .define(FD_RESERVE, Type.INT, 512, Validator.between(0, 1_000_000),
                    "File descriptors no HTTP connection may take: kept for cameras, case writers and the database")
            .define(IDLE_S, Type.DOUBLE, 60.0, Validator.between(1, 3600),
                    "A connection with no request in progress and no traffic for this long is closed")
            .define(REQUEST_TIMEOUT_S, Type.DOUBLE, 30.0, Validator.between(1, 3600),
                    "A request must arrive whole (headers and body) within this long of its first byte, or the "
                            + "connection is closed")
            .define(SECURE_COOKIES, Type.BOOLEAN, false,
                    "Mark the session cookie Secure: set when the page is served over HTTPS (e.g. behind a TLS proxy)");

    private HttpConfig() {
    }

    /** The section as the server takes it; {@code port} 0 for any free port. */
    public record Params(String bind, int port, HttpServer.Limits limits, boolean secureCookies) {

        public static Params of(Settings s) {
            return new Params(s.getString(BIND), s.getInt(PORT), new HttpServer.Limits(s.getInt(MAX_BODY_BYTES),
                    s.getInt(MAX_CONNECTIONS), s.getInt(MAX_CONNECTIONS_PER_ADDRESS), millis(s.getDouble(IDLE_S)),
                    millis(s.getDouble(REQUEST_TIMEOUT_S)), s.getInt(FD_RESERVE)), s.getBoolean(SECURE_COOKIES));
        }
    }

    private static Duration millis(double seconds) {
        return Duration.ofMillis((long) (seconds * 1000));
    }
}
