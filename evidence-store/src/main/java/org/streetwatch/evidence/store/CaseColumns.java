package org.streetwatch.evidence.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.cases.EvidenceFile;
import org.streetwatch.violation.BureauCodes;
import org.streetwatch.violation.Provenance;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cases table's columns and the {@link Case} records, mapped in one place: the column list drives the INSERT, the
 * SELECT and the reading of a row, and tells the verifier what vouches for each column (the manifest or the log).
 */
public final class CaseColumns {

    /** What vouches for a column's value: the signed manifest, the signed case log, or nothing (the key). */
    public enum Source { MANIFEST, LOG, KEY }

    /**
     * One column: its name, its type, how a case gives its value and what vouches for it.
     *
     * @param type how its value is stored and read: as text, a number or JSON text
     */
    public record Column<T>(String name, Type<T> type, Function<Case, T> value, Source source) {

        void bind(PreparedStatement ps, int i, Case c) throws SQLException {
            type.bind(ps, i, value.apply(c));
        }

        T read(ResultSet rs) throws SQLException {
            return type.read(rs, name);
        }

        /** Its value from the column's text as the database holds it (see {@link CaseStore#forEachRow}). */
        public T parse(String text) {
            return text == null ? null : type.parse(text);
        }

        /** Its value as text, as shown in a finding. */
        public String text(T v) {
            return v == null ? null : type.text(v);
        }

        /** What its text must be: "a number", "valid JSON". */
        public String kind() {
            return type.kind();
        }
    }

    /** How a column's value is stored, read back and shown. */
    public interface Type<T> {
        void bind(PreparedStatement ps, int i, T v) throws SQLException;

        T read(ResultSet rs, String column) throws SQLException;

        T parse(String text);

        String text(T v);

        String kind();
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A BIGINT, null allowed. */
    private static final Type<Long> LONG = new Type<>() {
        public void bind(PreparedStatement ps, int i, Long v) throws SQLException {
            if (v == null) {
                ps.setNull(i, Types.BIGINT);
            } else {
                ps.setLong(i, v);
            }
        }

        public Long read(ResultSet rs, String column) throws SQLException {
            long v = rs.getLong(column);
            return rs.wasNull() ? null : v;
        }

        public Long parse(String text) {
            return Long.valueOf(text);
        }

        public String text(Long v) {
            return v.toString();
        }

        public String kind() {
            return "a number";
        }
    };

    /** A value stored as its text key. */
    private static <T> Type<T> keyed(Function<String, T> of, Function<T, String> key) {
        return new Type<>() {
            public void bind(PreparedStatement ps, int i, T v) throws SQLException {
                ps.setString(i, v == null ? null : key.apply(v));
            }

            public T read(ResultSet rs, String column) throws SQLException {
                return parse(rs.getString(column));
            }

            public T parse(String text) {
                return text == null ? null : of.apply(text);
            }

            public String text(T v) {
                return key.apply(v);
            }

            public String kind() {
                return "a key";
            }
        };
    }

    private static final Type<String> TEXT = keyed(Function.identity(), Function.identity());

    /** A value kept as JSON text, null allowed. */
    private static <T> Type<T> json(TypeReference<T> type) {
        return new Type<>() {
            public void bind(PreparedStatement ps, int i, T v) throws SQLException {
                ps.setString(i, v == null ? null : JSON.writeValueAsString(v));
            }

            public T read(ResultSet rs, String column) throws SQLException {
                String text = rs.getString(column);
                return text == null ? null : parse(text);
            }

            public T parse(String text) {
                return JSON.readValue(text, type);
            }

            public String text(T v) {
                return JSON.writeValueAsString(v);
            }

            public String kind() {
                return "valid JSON";
            }
        };
    }

    private static <T> Column<T> col(String name, Type<T> type, Function<Case, T> value, Source source) {
        return new Column<>(name, type, value, source);
    }

    public static final Column<String> ID = col("id", TEXT, Case::id, Source.KEY);
    public static final Column<String> VIOLATION_ID = col("violation_id", TEXT, Case::violationId, Source.MANIFEST);
    // what
    public static final Column<String> RULE = col("rule", TEXT, c -> c.what().rule(), Source.MANIFEST);
    public static final Column<Map<String, Integer>> COUNTS = col("counts", json(new TypeReference<>() { }),
            c -> c.what().counts(), Source.MANIFEST);
    public static final Column<List<String>> OBJECTS = col("objects", json(new TypeReference<>() { }),
            c -> c.what().objects(), Source.MANIFEST);
    public static final Column<Map<String, Double>> MEASUREMENTS = col("measurements",
            json(new TypeReference<>() { }), c -> c.what().measurements(), Source.MANIFEST);
    public static final Column<Provenance> PROVENANCE = col("provenance", json(new TypeReference<>() { }),
            c -> c.what().provenance(), Source.MANIFEST);
    public static final Column<BureauCodes> CODES = col("bureau_codes", json(new TypeReference<>() { }),
            c -> c.what().codes(), Source.MANIFEST);
    // where
    public static final Column<String> CAMERA = col("camera", TEXT, c -> c.where().camera(), Source.MANIFEST);
    public static final Column<String> DISTRICT = col("district", TEXT, c -> c.where().district(), Source.MANIFEST);
    public static final Column<String> ZONE = col("zone", TEXT, c -> c.where().zone(), Source.MANIFEST);
    public static final Column<String> ZONE_TYPE = col("zone_type", TEXT, c -> c.where().zoneType(), Source.MANIFEST);
    public static final Column<String> PLACE = col("place", TEXT, c -> c.where().place(), Source.MANIFEST);
    public static final Column<String> UNIT = col("unit", TEXT, c -> c.where().unit(), Source.MANIFEST);
    public static final Column<float[]> AREA = col("area", json(new TypeReference<>() { }), c -> c.where().area(),
            Source.MANIFEST);
    public static final Column<float[]> APPEARANCE = col("appearance", json(new TypeReference<>() { }),
            c -> c.where().appearance(), Source.MANIFEST);
    // when
    public static final Column<Long> ONSET_AT = col("onset_at", LONG, c -> c.when().onsetAt(), Source.MANIFEST);
    public static final Column<Long> CONFIRMED_AT = col("confirmed_at", LONG, c -> c.when().confirmedAt(),
            Source.MANIFEST);
    public static final Column<Long> ENDED_AT = col("ended_at", LONG, c -> c.when().endedAt(), Source.LOG);
    public static final Column<Long> CREATED_AT = col("created_at", LONG, c -> c.when().createdAt(), Source.LOG);
    // evidence
    public static final Column<String> DIR = col("dir", TEXT, c -> c.evidence().dir(), Source.MANIFEST);
    public static final Column<List<EvidenceFile>> FILES = col("files", json(new TypeReference<>() { }),
            c -> c.evidence().files(), Source.MANIFEST);
    public static final Column<String> CLIP_STATUS = col("clip_status", TEXT, c -> c.evidence().clipStatus(),
            Source.MANIFEST);
    public static final Column<String> MANIFEST_SHA256 = col("manifest_sha256", TEXT,
            c -> c.evidence().manifestSha256(), Source.LOG);
    public static final Column<Long> PURGED_AT = col("purged_at", LONG, c -> c.evidence().purgedAt(), Source.LOG);
    /** Derived from the files (kept so that retention sums it in the database); not read back into a case. */
    public static final Column<Long> EVIDENCE_BYTES = col("evidence_bytes", LONG, c -> c.evidence().bytes(),
            Source.MANIFEST);
    // review
    public static final Column<CaseStatus> STATUS = col("status", keyed(CaseStatus::of, CaseStatus::key), c -> c.review().status(),
            Source.LOG);
    public static final Column<String> REVIEWER = col("reviewer", TEXT, c -> c.review().reviewer(), Source.LOG);
    public static final Column<String> REASON = col("reason", TEXT, c -> c.review().reason(), Source.LOG);
    public static final Column<Long> REVIEWED_AT = col("reviewed_at", LONG, c -> c.review().reviewedAt(), Source.LOG);

    /** Every column, in the order of the INSERT and the SELECT. */
    public static final List<Column<?>> ALL = List.of(ID, VIOLATION_ID, RULE, COUNTS, OBJECTS, MEASUREMENTS,
            PROVENANCE, CODES, CAMERA, DISTRICT, ZONE, ZONE_TYPE, PLACE, UNIT, AREA, APPEARANCE, ONSET_AT,
            CONFIRMED_AT, ENDED_AT, CREATED_AT, DIR, FILES, CLIP_STATUS, MANIFEST_SHA256, PURGED_AT, EVIDENCE_BYTES,
            STATUS, REVIEWER, REASON, REVIEWED_AT);

    /** The column list of a SELECT or an INSERT. */
    static final String NAMES = ALL.stream().map(Column::name).collect(Collectors.joining(", "));

    /** The INSERT of a whole case. */
    static final String INSERT = "INSERT INTO cases (" + NAMES + ") VALUES ("
            + ALL.stream().map(c -> "?").collect(Collectors.joining(",")) + ")";

    private CaseColumns() {
    }

    static void bind(PreparedStatement ps, Case c) throws SQLException {
        for (int i = 0; i < ALL.size(); i++) {
            ALL.get(i).bind(ps, i + 1, c);
        }
    }

    /** A case from a row selected with {@link #NAMES}. */
    static Case read(ResultSet rs) throws SQLException {
        return new Case(ID.read(rs), VIOLATION_ID.read(rs),
                new Case.What(RULE.read(rs), COUNTS.read(rs), OBJECTS.read(rs), MEASUREMENTS.read(rs),
                        PROVENANCE.read(rs), CODES.read(rs)),
                new Case.Where(CAMERA.read(rs), DISTRICT.read(rs), ZONE.read(rs), ZONE_TYPE.read(rs), PLACE.read(rs),
                        UNIT.read(rs), AREA.read(rs), APPEARANCE.read(rs)),
                new Case.When(ONSET_AT.read(rs), CONFIRMED_AT.read(rs), ENDED_AT.read(rs), CREATED_AT.read(rs)),
                new Case.Evidence(DIR.read(rs), FILES.read(rs), CLIP_STATUS.read(rs), MANIFEST_SHA256.read(rs),
                        PURGED_AT.read(rs)),
                new Case.Review(STATUS.read(rs), REVIEWER.read(rs), REASON.read(rs), REVIEWED_AT.read(rs)));
    }
}
