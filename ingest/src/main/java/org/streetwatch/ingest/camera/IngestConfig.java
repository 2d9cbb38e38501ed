package org.streetwatch.ingest.camera;

import java.time.Duration;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.ConfigException;
import org.streetwatch.config.Settings;
import org.streetwatch.config.Type;
import org.streetwatch.config.Validator;

/** The {@code ingest} section: camera connections, rings and sampling, declared beside the cameras that use it. */
public final class IngestConfig {

    public static final String SAMPLE_INTERVAL_S = "sample_interval_s";
    public static final String RING_S = "ring_s";
    public static final String RING_MAX_MB = "ring_max_mb";
    public static final String STALL_S = "stall_s";
    public static final String RECONNECT_MIN_S = "reconnect_min_s";
    public static final String RECONNECT_MAX_S = "reconnect_max_s";
    public static final String QUEUE_PER_CAMERA = "queue_per_camera";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(SAMPLE_INTERVAL_S, Type.DOUBLE, 1.0, Validator.between(0.04, 3600),
                    "At most one analysed picture per camera per this many seconds")
            .define(RING_S, Type.DOUBLE, 20.0, Validator.between(2, 600),
                    "Seconds of compressed video kept per camera (pre-roll for clips)")
            .define(RING_MAX_MB, Type.DOUBLE, 8.0, Validator.between(0.5, 1024),
                    "Upper bound of a camera's ring in MB, whatever its bitrate")
            .define(STALL_S, Type.DOUBLE, 10.0, Validator.between(1, 600),
                    "No packet for this long: the connection is dropped and re-opened (also the socket timeout)")
            .define(RECONNECT_MIN_S, Type.DOUBLE, 1.0, Validator.between(0.1, 3600), "First reconnect delay")
            .define(RECONNECT_MAX_S, Type.DOUBLE, 60.0, Validator.between(0.1, 86_400),
                    "Longest reconnect delay (the delay doubles up to this, with jitter)")
            .define(QUEUE_PER_CAMERA, Type.INT, 2, Validator.between(1, 100),
                    "Pictures waiting for analysis per camera; a live camera's oldest is dropped beyond this");

    private IngestConfig() {
    }

    /**
     * The section as the cameras run it.
     *
     * @param sampleIntervalS the default analysis interval in seconds (a camera may pin its own; sampling scales it)
     */
    public record Params(double sampleIntervalS, Duration ring, long ringMaxBytes, Duration stall,
                         Duration reconnectMin, Duration reconnectMax, int queuePerCamera) {

        public static Params of(Settings s) {
            return new Params(s.getDouble(SAMPLE_INTERVAL_S), seconds(s.getDouble(RING_S)),
                    (long) (s.getDouble(RING_MAX_MB) * 1024 * 1024), seconds(s.getDouble(STALL_S)),
                    seconds(s.getDouble(RECONNECT_MIN_S)), seconds(s.getDouble(RECONNECT_MAX_S)),
                    s.getInt(QUEUE_PER_CAMERA));
        }
    }

    /** What spans keys: the reconnect delay's bounds in order. */
    public static void validate(Settings s, String file) throws ConfigException {
        if (s.getDouble(RECONNECT_MIN_S) > s.getDouble(RECONNECT_MAX_S)) {
            throw new ConfigException(file, "ingest." + RECONNECT_MIN_S, "expected at most " + RECONNECT_MAX_S);
        }
    }

    /** Seconds as a duration, to the nanosecond. */
    public static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1e9));
    }
}
