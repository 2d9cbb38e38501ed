package org.streetwatch.evidence.cases;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.streetwatch.evidence.store.EvidenceFolder;
import org.streetwatch.violation.BureauCodes;
import org.streetwatch.violation.Provenance;
import org.streetwatch.violation.Violation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.databind.json.JsonMapper;

/**
 * A case's signed manifest.json, bound by Jackson for both writing and reading: its components are the keys on disk,
 * in their order (snake_case), so that manifests written before this record existed read, and verify, as they are.
 * It carries the case's {@link Case.What}, {@link Case.Where} and the evidence files, flattened as they always were,
 * and what only the manifest keeps: camera times, stills, clip details, what a full disk left out.
 *
 * @param warning   true for a warning to a unit; absent otherwise
 * @param onsetAt   ISO-8601 instant
 * @param area      absent with its appearance when the rule gave no area
 * @param notKept   files a full disk kept out of the case; absent when none
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Manifest(String caseId, String signedBy, String violationId, String camera, String district,
                       String rule, String zone, String zoneType, String place, String unit,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Boolean warning, String onsetAt,
                       String confirmedAt, long onsetCameraUs, long confirmedCameraUs, Map<String, Integer> counts,
                       List<String> objects, @JsonInclude(JsonInclude.Include.NON_NULL) float[] area,
                       @JsonInclude(JsonInclude.Include.NON_NULL) float[] appearance, List<StillTime> stills,
                       Clip clip, List<EvidenceFile> files,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Provenance provenance,
                       @JsonInclude(JsonInclude.Include.NON_NULL) BureauCodes bureauCodes,
                       Map<String, Double> measurements,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> notKept) {

    /** When a still was taken: wall time (ISO-8601) and camera time. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record StillTime(String at, long cameraUs) {
    }

    /**
     * How the clip fared; the camera times and container only when there is one.
     *
     * @param status ok, truncated or missing
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Clip(String status, Long startCameraUs, Long endCameraUs, String container) {
    }

    /** The file's name in a case folder. */
    public static final String FILE = "manifest.json";

    // lenient: a key added later reads as absent from an older manifest (and as unknown to an older reader)
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /**
     * The manifest of a violation's case being recorded.
     *
     * @param district its camera's district now
     * @param clip     how its clip fared
     */
    public static Manifest of(Violation v, String caseId, String signedBy, String district, Clip clip,
                              List<EvidenceFile> files, List<String> notKept) {
        float[] area = v.area() == null ? null : new float[] {v.area().x1(), v.area().y1(), v.area().x2(),
            v.area().y2()};
        return new Manifest(caseId, signedBy, v.id(), v.cameraId(), district, v.rule(), v.zoneId(),
                v.zoneType().key(), v.place(), v.unit(), Violation.warning(v.id()) ? Boolean.TRUE : null,
                instant(v.onsetWallMs()), instant(v.confirmWallMs()), v.onsetUs(), v.confirmUs(), v.counts(),
                v.objects(), area, area == null ? null : v.appearance(),
                v.stills().stream().map(s -> new StillTime(instant(s.wallMs()), s.ptsUs())).toList(), clip, files,
                v.provenance(), v.codes(), v.measurements(), notKept);
    }

    /** @throws tools.jackson.core.JacksonException if it is not a manifest's JSON */
    public static Manifest read(byte[] json) {
        return JSON.readValue(json, Manifest.class);
    }

    /** As written to disk (and signed): pretty-printed, as manifests always were. */
    public byte[] bytes() {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
    }

    public Case.What what() {
        return new Case.What(rule, counts, objects, measurements, provenance, bureauCodes);
    }

    public Case.Where where() {
        return new Case.Where(camera, district, zone, zoneType, place, unit, area, appearance);
    }

    /** @param createdAt when the case was recorded (the case log says; the manifest does not) */
    public Case.When when(long createdAt) {
        return new Case.When(millis(onsetAt), millis(confirmedAt), null, createdAt);
    }

    /** The folder its case id and the UTC day of its confirmation put it in, relative to the evidence root. */
    public String dir() {
        return EvidenceFolder.relativeDir(caseId, millis(confirmedAt));
    }

    /**
     * The case as recorded, before anything happened to it: pending, not ended.
     *
     * @param sha256 of this manifest's bytes as signed
     */
    public Case recorded(String dir, String sha256, long createdAt) {
        return new Case(caseId, violationId, what(), where(), when(createdAt),
                new Case.Evidence(dir, files, clip == null ? null : clip.status(), sha256, null), Case.Review.PENDING);
    }

    private static String instant(long ms) {
        return Instant.ofEpochMilli(ms).toString();
    }

    /** Milliseconds of an ISO-8601 instant; {@link Long#MIN_VALUE} for anything else (an edited manifest). */
    private static long millis(String iso) {
        try {
            return iso == null ? Long.MIN_VALUE : Instant.parse(iso).toEpochMilli();
        } catch (DateTimeParseException e) {
            return Long.MIN_VALUE;
        }
    }
}
