package org.streetwatch.evidence.cases;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.streetwatch.violation.BureauCodes;
import org.streetwatch.violation.Provenance;

/**
 * A violation as evidence for people to review: what was seen, where, when, the evidence kept of it, and its review.
 * One shape: the manifest ({@link Manifest}), the database row ({@code store.CaseColumns}), the review API and the
 * export are all built from these records, so a new case field is added to one of them and its column.
 */
public record Case(String id, String violationId, What what, Where where, When when, Evidence evidence,
                   Review review) {

    /**
     * What was seen.
     *
     * @param counts       objects involved, per kind
     * @param objects      the tracks involved, as "kind#id"
     * @param measurements what its rule measured when it decided ({@link org.streetwatch.detector.rule.Measurements});
     *                     null for a case recorded before streetwatch kept them
     * @param provenance   what produced it (model, rule settings, config, software, clock); null for a case recorded
     *                     before streetwatch kept it
     * @param codes        how the command centre files it (event class and code, grid cell, position); null for a
     *                     case recorded before streetwatch kept them
     */
    public record What(String rule, Map<String, Integer> counts, List<String> objects,
                       Map<String, Double> measurements, Provenance provenance, BureauCodes codes) {
    }

    /**
     * Where it was seen.
     *
     * @param district   its camera's district when it was recorded (who may see it), or null if recorded before
     *                   districts
     * @param area       where the objects stood, normalised [x1, y1, x2, y2], or null
     * @param appearance their colour signature, or null
     */
    public record Where(String camera, String district, String zone, String zoneType, String place, String unit,
                        float[] area, float[] appearance) {

        /** By value, arrays included: a row read back and its manifest are the same place. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Where w && Objects.equals(camera, w.camera) && Objects.equals(district, w.district)
                    && Objects.equals(zone, w.zone) && Objects.equals(zoneType, w.zoneType)
                    && Objects.equals(place, w.place) && Objects.equals(unit, w.unit) && Arrays.equals(area, w.area)
                    && Arrays.equals(appearance, w.appearance);
        }

        @Override
        public int hashCode() {
            return Objects.hash(camera, district, zone, zoneType, place, unit, Arrays.hashCode(area),
                    Arrays.hashCode(appearance));
        }

        @Override
        public String toString() {
            return "Where[camera=" + camera + ", district=" + district + ", zone=" + zone + ", zoneType=" + zoneType
                    + ", place=" + place + ", unit=" + unit + ", area=" + Arrays.toString(area) + ", appearance="
                    + Arrays.toString(appearance) + "]";
        }
    }

    /**
     * When, in wall milliseconds.
     *
     * @param endedAt   the violation ended, or null while it lasts
     * @param createdAt the case was recorded
     */
    public record When(long onsetAt, long confirmedAt, Long endedAt, long createdAt) {
    }

    /**
     * The evidence kept.
     *
     * @param dir        the case's folder relative to the evidence root
     * @param clipStatus ok, truncated (the ring did not hold all of pre/post-roll) or missing (disk full, camera gone)
     * @param purgedAt   wall ms retention removed the case's files, or null
     */
    public record Evidence(String dir, List<EvidenceFile> files, String clipStatus, String manifestSha256,
                           Long purgedAt) {

        /** Bytes of its files. */
        public long bytes() {
            return files.stream().mapToLong(EvidenceFile::bytes).sum();
        }
    }

    /**
     * Where its review stands.
     *
     * @param reviewer   who decided (confirmed or rejected), or null
     * @param reason     what they said, or null
     * @param reviewedAt wall ms they decided, or null
     */
    public record Review(CaseStatus status, String reviewer, String reason, Long reviewedAt) {

        /** Not reviewed yet. */
        public static final Review PENDING = new Review(CaseStatus.PENDING, null, null, null);
    }

    /** The same case with a new review. */
    public Case reviewed(Review next) {
        return new Case(id, violationId, what, where, when, evidence, next);
    }

    /** The detail of the case's "created" event: how its clip fared, when not well. */
    public String creationNote() {
        return evidence.clipStatus().equals("ok") ? null : "clip " + evidence.clipStatus();
    }
}
