package org.streetwatch.violation;

import java.util.Map;

/**
 * Something a rule saw that looks like a violation but is not one: a candidate that reached at least half of a
 * threshold but not all of it (a group that stood half of {@code dwell_s} and left, a truck seen uncovered fewer times
 * than {@code min_sightings}), or one it cannot blame on anyone (a wet patch at a drain with nobody near). No case, but
 * logged, counted and stored as a row, so a bureau sees how often it happens and what a lower threshold would add.
 *
 * @param reason       what was seen, in words
 * @param measurements what the rule measured, named as on a violation ({@link Measurements})
 * @param params       the rule's settings in force in its zone (stamped on the way to the store), or empty
 */
public record NearMiss(String cameraId, String rule, String zoneId, long ptsUs, long wallMs, String reason,
                       Map<String, Double> measurements, Map<String, Object> params) {

    public NearMiss(String cameraId, String rule, String zoneId, long ptsUs, long wallMs, String reason,
                    Map<String, Double> measurements) {
        this(cameraId, rule, zoneId, ptsUs, wallMs, reason, measurements, Map.of());
    }

    public NearMiss withParams(Map<String, Object> inForce) {
        return new NearMiss(cameraId, rule, zoneId, ptsUs, wallMs, reason, measurements, inForce);
    }
}
