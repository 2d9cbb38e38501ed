package org.streetwatch.evidence.cases;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.streetwatch.violation.BureauCodes;
import org.streetwatch.violation.Provenance;
import org.streetwatch.violation.Violation;

/**
 * A violation as evidence for people to review: what was seen, where, when, the evidence kept of it, and its review.
 * One shape: the manifest ({@link Manifest}), the database row ({@code store.CaseColumns}), the review API and the
 * export all iterate these records' components ({@link CaseFields}), so a new case field is a component of one of
 * them (named as {@link CaseKey} says), its column's migration and, to export it, its field in case_report.proto.
 */
public record Case(@CaseKey(source = CaseKey.Source.KEY) String id,
                   @CaseKey(api = CaseKey.HIDDEN) String violationId, What what, Where where, When when, Evidence evidence,
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
                       Map<String, Double> measurements, Provenance provenance,
                       @CaseKey(name = "bureau_codes") BureauCodes codes) {

        /** What a violation saw: the one place its values become a case's. */
        public static What of(Violation v) {
            return new What(v.rule(), v.counts(), v.objects(), v.measurements(), v.provenance(), v.codes());
        }
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
                        @CaseKey(api = CaseKey.HIDDEN) float[] area,
                        @CaseKey(api = CaseKey.HIDDEN) float[] appearance) {

        /**
         * Where a violation was seen: the one place its values become a case's (an appearance only with an area).
         *
         * @param district its camera's district now
         */
        public static Where of(Violation v, String district) {
            float[] area = v.area() == null ? null : new float[] {v.area().x1(), v.area().y1(), v.area().x2(),
                v.area().y2()};
            return new Where(v.cameraId(), district, v.zoneId(), v.zoneType().key(), v.place(), v.unit(), area,
                    area == null ? null : v.appearance());
        }

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
    public record When(@CaseKey(api = "start") long onsetAt, @CaseKey(api = "confirmed") long confirmedAt,
                       @CaseKey(api = "end", source = CaseKey.Source.LOG) Long endedAt,
                       @CaseKey(api = CaseKey.HIDDEN, source = CaseKey.Source.LOG) long createdAt) {
    }

    /**
     * The evidence kept.
     *
     * @param dir        the case's folder relative to the evidence root
     * @param clipStatus ok, truncated (the ring did not hold all of pre/post-roll) or missing (disk full, camera gone)
     * @param purgedAt   wall ms retention removed the case's files, or null
     */
    public record Evidence(@CaseKey(api = CaseKey.HIDDEN) String dir, List<EvidenceFile> files, String clipStatus,
                           @CaseKey(source = CaseKey.Source.LOG) String manifestSha256,
                           @CaseKey(api = "purged", source = CaseKey.Source.LOG) Long purgedAt) {

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
    public record Review(@CaseKey(source = CaseKey.Source.LOG) CaseStatus status,
                         @CaseKey(source = CaseKey.Source.LOG) String reviewer,
                         @CaseKey(source = CaseKey.Source.LOG) String reason,
                         @CaseKey(api = "reviewed", source = CaseKey.Source.LOG) Long reviewedAt) {

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
