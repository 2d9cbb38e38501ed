package org.streetwatch.ingest.frame;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How often analysis wants each camera's pictures, told back to the camera threads: analysis sets a camera's interval
 * after each picture (from the rules active in its zones and the motion there), the camera's sampler reads it before
 * each packet, so pictures nobody needs are never decoded. One entry per running camera, removed when its stream
 * ends; a camera without one, and a source read once at full speed, is sampled at its configured interval.
 */
public final class Pacing {

    private final Map<String, Long> intervals = new ConcurrentHashMap<>();

    public void set(String cameraId, long intervalUs) {
        intervals.put(cameraId, intervalUs);
    }

    /** The interval analysis last asked for, or {@code configuredUs} before it asked, never less than that. */
    public long intervalUs(String cameraId, long configuredUs) {
        return Math.max(configuredUs, intervals.getOrDefault(cameraId, configuredUs));
    }

    public void forget(String cameraId) {
        intervals.remove(cameraId);
    }
}
