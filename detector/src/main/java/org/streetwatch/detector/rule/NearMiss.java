package org.streetwatch.detector.rule;

/**
 * Something a rule saw that looks like a violation but is not one it can blame on anyone (a wet patch at a drain with
 * nobody near): no case, but logged, counted, kept in memory and stored as a row, so a bureau sees how often it
 * happens and what a lower threshold would add.
 *
 * @param reason what was seen, in words
 * @param params the rule's settings in force in its zone (stamped on the way to the store), or empty
 */
public record NearMiss(String cameraId, String rule, String zoneId, long ptsUs, long wallMs, String reason,
                       java.util.Map<String, Object> params) {

    public NearMiss(String cameraId, String rule, String zoneId, long ptsUs, long wallMs, String reason) {
        this(cameraId, rule, zoneId, ptsUs, wallMs, reason, java.util.Map.of());
    }

    public NearMiss withParams(java.util.Map<String, Object> inForce) {
        return new NearMiss(cameraId, rule, zoneId, ptsUs, wallMs, reason, inForce);
    }
}
