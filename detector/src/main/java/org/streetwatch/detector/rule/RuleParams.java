package org.streetwatch.detector.rule;

import java.time.ZoneId;
import org.streetwatch.config.Settings;

/**
 * One rule's settings in force in one place (a camera, or a zone with its overrides), typed and in the units the rule
 * works in: made once per config load by the rule's {@code Params.of(Settings)}, read at every frame.
 */
public interface RuleParams {

    /** The setting every rule declares. */
    String ENABLED = "enabled";

    boolean enabled();

    /** The rule's {@link EventCodes#SETTING} in force here. */
    String eventCode();

    /** Whether the rule watches at this wall-clock time in the camera's time zone (its own hours, zones aside). */
    default boolean watchesAt(long wallMs, ZoneId timeZone) {
        return true;
    }

    /** Whether the rule watches the whole picture, beyond the zones of its type. */
    default boolean wholePicture() {
        return false;
    }

    /** A setting in seconds, in microseconds of camera time. */
    static long micros(Settings s, String key) {
        return (long) (s.getDouble(key) * 1e6);
    }
}
