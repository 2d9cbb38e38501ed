package org.streetwatch.review.api;

import java.time.Duration;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.Settings;
import org.streetwatch.config.Type;
import org.streetwatch.config.Validator;

/**
 * The {@code review} section: how long a rejection quiets the rules, the review page's sessions, and what the
 * camera wall and zone editor keep in memory.
 */
public final class ReviewConfig {

    public static final String SUPPRESS_REJECTED_S = "suppress_rejected_s";
    public static final String SESSION_IDLE_S = "session_idle_s";
    public static final String SESSION_MAX_S = "session_max_s";
    public static final String WALL_PICTURE_S = "wall_picture_s";
    public static final String PREVIEW_S = "preview_s";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(SUPPRESS_REJECTED_S, Type.DOUBLE, 86_400.0, Validator.between(0, 365 * 86_400.0),
                    "After a reviewer rejects a case, the same object at the same place raises no case for this long")
            .define(SESSION_IDLE_S, Type.DOUBLE, 8 * 3600.0, Validator.between(60, 7 * 86_400.0),
                    "A review page session unused this long ends (read at start)")
            .define(SESSION_MAX_S, Type.DOUBLE, 24 * 3600.0, Validator.between(60, 30 * 86_400.0),
                    "A review page session ends this long after login, used or not (read at start)")
            .define(WALL_PICTURE_S, Type.DOUBLE, 2.0, Validator.between(0.5, 60),
                    "The camera wall's picture of a camera is renewed at most this often, from an analysed frame "
                            + "(read at start)")
            .define(PREVIEW_S, Type.DOUBLE, 300.0, Validator.between(10, 3600),
                    "Seconds of each camera's tracks kept in memory for the zone editor's preview (read at start)");

    private ReviewConfig() {
    }

    /** The section in the units its users take. */
    public record Params(Duration suppressRejected, Duration sessionIdle, Duration sessionMax, Duration wallPicture,
                         long previewUs) {

        public static Params of(Settings s) {
            return new Params(millis(s.getDouble(SUPPRESS_REJECTED_S)), millis(s.getDouble(SESSION_IDLE_S)),
                    millis(s.getDouble(SESSION_MAX_S)), Duration.ofNanos((long) (s.getDouble(WALL_PICTURE_S) * 1e9)),
                    (long) (s.getDouble(PREVIEW_S) * 1e6));
        }
    }

    private static Duration millis(double seconds) {
        return Duration.ofMillis((long) (seconds * 1000));
    }
}
