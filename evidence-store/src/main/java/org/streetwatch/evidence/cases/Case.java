package org.streetwatch.evidence.cases;

import java.util.List;
import java.util.Map;
import org.streetwatch.violation.BureauCodes;
import org.streetwatch.violation.Provenance;

/**
 * A violation as evidence for people to review: what, where, when, its files, and its review status.
 *
 * @param dir         the case's folder relative to the evidence root
 * @param clipStatus  ok, truncated (the ring did not hold all of pre/post-roll) or missing (disk full, camera gone)
 * @param endedAt     wall ms the violation ended, or null while it lasts
 * @param area        where the objects stood, normalised [x1, y1, x2, y2], or null
 * @param appearance  their colour signature, or null
 * @param purgedAt    wall ms retention removed the case's files, or null
 * @param district    its camera's district when it was recorded (who may see it), or null if recorded before districts
 * @param provenance  what produced it (model, rule settings, config, software, clock), as its manifest says; null
 *                    for a case recorded before streetwatch kept it
 * @param codes       how the command centre files it (event class and code, grid cell, position), as its manifest
 *                    says; null for a case recorded before streetwatch kept them
 * @param measurements what its rule measured when it decided ({@link org.streetwatch.detector.rule.Measurements}), as
 *                    its manifest says; null for a case recorded before streetwatch kept them
 */
public record Case(String id, String violationId, String camera, String rule, String zone, String zoneType,
                   String place, String unit, long onsetAt, long confirmedAt, Long endedAt,
                   Map<String, Integer> counts, List<String> objects, List<EvidenceFile> files, String dir,
                   String clipStatus, String manifestSha256, CaseStatus status, String reviewer, String reason,
                   Long reviewedAt, long createdAt, float[] area, float[] appearance, Long purgedAt,
                   String district, Provenance provenance, BureauCodes codes,
                   Map<String, Double> measurements) {

    /** The same case with a new review status. */
    public Case reviewed(CaseStatus next, String by, String why, Long at) {
        return new Case(id, violationId, camera, rule, zone, zoneType, place, unit, onsetAt, confirmedAt, endedAt, counts,
                objects, files, dir, clipStatus, manifestSha256, next, by, why, at, createdAt, area, appearance, purgedAt,
                district, provenance, codes, measurements);
    }

    /** The detail of the case's "created" event: how its clip fared, when not well. */
    public String creationNote() {
        return clipStatus.equals("ok") ? null : "clip " + clipStatus;
    }
}
