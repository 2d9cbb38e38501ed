package org.streetwatch.evidence.cases;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import org.streetwatch.evidence.store.EvidenceFolder;
import org.streetwatch.violation.Violation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A case's signed manifest.json, bound by Jackson for both writing and reading. It carries the case's
 * {@link Case.What} and {@link Case.Where}, every component flattened under its {@link CaseFields} name, and what only
 * the manifest keeps: camera times, stills, clip details, what a full disk left out. The keys manifests have always
 * had keep their order on disk, so that manifests written before these records read, verify and write back as they
 * are; a key added since follows them, only when it has a value.
 *
 * @param warning   true for a warning to a unit; absent otherwise
 * @param onsetAt   ISO-8601 instant
 * @param notKept   files a full disk kept out of the case; absent when none
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Manifest(String caseId, String signedBy, String violationId, @JsonIgnore Case.What what,
                       @JsonIgnore Case.Where where, @JsonInclude(JsonInclude.Include.NON_NULL) Boolean warning,
                       String onsetAt, String confirmedAt, long onsetCameraUs, long confirmedCameraUs,
                       List<StillTime> stills, Clip clip, List<EvidenceFile> files,
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

    /** The keys manifests have always had, in their order on disk. */
    private static final List<String> KEYS = List.of("case_id", "signed_by", "violation_id", "camera", "district",
            "rule", "zone", "zone_type", "place", "unit", "warning", "onset_at", "confirmed_at", "onset_camera_us",
            "confirmed_camera_us", "counts", "objects", "area", "appearance", "stills", "clip", "files", "provenance",
            "bureau_codes", "measurements", "not_kept");

    /** Of those, the ones of the case's records left out when null (the others were always written, null or not). */
    private static final Set<String> LEFT_OUT_WHEN_NULL = Set.of("area", "appearance", "provenance", "bureau_codes");

    /**
     * The manifest of a violation's case being recorded.
     *
     * @param district its camera's district now
     * @param clip     how its clip fared
     */
    public static Manifest of(Violation v, String caseId, String signedBy, String district, Clip clip,
                              List<EvidenceFile> files, List<String> notKept) {
        return new Manifest(caseId, signedBy, v.id(), Case.What.of(v), Case.Where.of(v, district),
                Violation.warning(v.id()) ? Boolean.TRUE : null, instant(v.onsetWallMs()), instant(v.confirmWallMs()),
                v.onsetUs(), v.confirmUs(),
                v.stills().stream().map(s -> new StillTime(instant(s.wallMs()), s.ptsUs())).toList(), clip, files,
                notKept);
    }

    /** @throws tools.jackson.core.JacksonException if it is not a manifest's JSON */
    public static Manifest read(byte[] json) {
        JsonNode tree = JSON.readTree(json);
        Manifest own = JSON.treeToValue(tree, Manifest.class);
        return new Manifest(own.caseId, own.signedBy, own.violationId, part(Case.What.class, tree),
                part(Case.Where.class, tree), own.warning, own.onsetAt, own.confirmedAt, own.onsetCameraUs,
                own.confirmedCameraUs, own.stills, own.clip, own.files, own.notKept);
    }

    /** As written to disk (and signed): pretty-printed, as manifests always were. */
    public byte[] bytes() {
        ObjectNode all = JSON.valueToTree(this);
        for (Object part : List.of(what, where)) {
            for (CaseFields.Field f : CaseFields.of(part.getClass())) {
                all.set(f.name(), JSON.valueToTree(f.in(part)));
            }
        }
        ObjectNode ordered = JSON.createObjectNode();
        for (String key : KEYS) {
            JsonNode v = all.remove(key);
            if (v != null && !(v.isNull() && LEFT_OUT_WHEN_NULL.contains(key))) {
                ordered.set(key, v);
            }
        }
        all.properties().forEach(e -> {
            if (!e.getValue().isNull()) {
                ordered.set(e.getKey(), e.getValue());
            }
        });
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(ordered);
    }

    /** A part of the case from its keys; a key absent (a manifest older than it) reads as null. */
    private static <R> R part(Class<R> type, JsonNode tree) {
        return CaseFields.build(type, f -> {
            JsonNode v = tree.get(f.name());
            return v == null || v.isNull() ? null : JSON.treeToValue(v, JSON.constructType(f.type()));
        });
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
