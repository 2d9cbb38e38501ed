package org.streetwatch.detector.rule;

/**
 * Something a rule saw that looks like a violation but is not one it can blame on anyone (a wet patch at a drain with
 * nobody near): no case, but logged, counted and kept in memory, so a bureau sees how often it happens. Issue 14 will
 * store them as rows.
 *
 * @param reason what was seen, in words
 */
public record NearMiss(String cameraId, String rule, String zoneId, long ptsUs, long wallMs, String reason) {
}
