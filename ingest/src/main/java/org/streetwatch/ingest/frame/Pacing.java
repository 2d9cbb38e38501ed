package org.streetwatch.ingest.frame;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How often analysis wants each camera's pictures, told back to the camera threads: analysis sets a camera's interval
 * after each picture (from the rules active in its zones and the motion there), the camera's sampler reads it before
 * each packet, so pictures nobody needs are never decoded. One entry per running camera, removed when its stream
 * ends; a camera without one is sampled at its configured interval.
 *
 * <p>A source read once at full speed would otherwise read on several pictures ahead of analysis's answer, choose its
 * next samples on a stale interval (so the result would depend on machine speed) and push the pre-roll of a case's
 * clip out of its ring: its reader waits for the answer to each picture it queued ({@link #offered},
 * {@link #awaitAnswer}). A live camera never waits.
 */
public final class Pacing {

    private final Map<String, Long> intervals = new ConcurrentHashMap<>();
    private final Map<String, Integer> unanswered = new HashMap<>(); // guarded by this

    public void set(String cameraId, long intervalUs) {
        intervals.put(cameraId, intervalUs);
    }

    /** The interval analysis last asked for, or {@code configuredUs} before it asked, never less than that. */
    public long intervalUs(String cameraId, long configuredUs) {
        return Math.max(configuredUs, intervals.getOrDefault(cameraId, configuredUs));
    }

    /** A reader that will wait for the answer is about to queue a picture. */
    public synchronized void offered(String cameraId) {
        unanswered.merge(cameraId, 1, Integer::sum);
    }

    /** Analysis is done with one of the camera's pictures (analysed, skipped or dropped). */
    public synchronized void answered(String cameraId) {
        if (unanswered.computeIfPresent(cameraId, (k, v) -> v > 1 ? v - 1 : null) == null) {
            notifyAll();
        }
    }

    /** Waits until every picture {@link #offered} for the camera is answered; false if the time ran out first. */
    public synchronized boolean awaitAnswer(String cameraId, long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (unanswered.containsKey(cameraId)) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    public synchronized void forget(String cameraId) {
        intervals.remove(cameraId);
        unanswered.remove(cameraId);
        notifyAll();
    }
}
