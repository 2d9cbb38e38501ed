package org.streetwatch.evidence.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseFields;
import org.streetwatch.evidence.cases.CaseKey.Source;
import org.streetwatch.evidence.cases.CaseStatus;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cases table's columns, one per value of the {@link Case} records ({@link CaseFields}: its name, its type from
 * the component's): the column list drives the INSERT, the SELECT and the reading of a row, and tells the verifier
 * what vouches for each column (the manifest or the log).
 */
public final class CaseColumns {

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
    private static <T> Type<T> json(JavaType type) {
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

    /** A BOOLEAN, null allowed: PostgreSQL gives its text as t/f, SQLite as 1/0. */
    private static final Type<Boolean> BOOL = new Type<>() {
        public void bind(PreparedStatement ps, int i, Boolean v) throws SQLException {
            ps.setObject(i, v, Types.BOOLEAN);
        }

        public Boolean read(ResultSet rs, String column) throws SQLException {
            boolean v = rs.getBoolean(column);
            return rs.wasNull() ? null : v;
        }

        public Boolean parse(String text) {
            return switch (text) {
                case "1", "t", "true" -> true;
                case "0", "f", "false" -> false;
                default -> throw new IllegalArgumentException("not a boolean: " + text);
            };
        }

        public String text(Boolean v) {
            return v.toString();
        }

        public String kind() {
            return "a boolean";
        }
    };

    /** How a case value of this Java type is stored: text, a number, a boolean, a status, else JSON text. */
    private static Type<?> typeOf(java.lang.reflect.Type type) {
        if (type == String.class) {
            return TEXT;
        } else if (type == long.class || type == Long.class) {
            return LONG;
        } else if (type == boolean.class || type == Boolean.class) {
            return BOOL;
        } else if (type == CaseStatus.class) {
            return keyed(CaseStatus::of, CaseStatus::key);
        }
        return json(JSON.constructType(type));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Column<?> column(CaseFields.Field f) {
        return new Column(f.name(), typeOf(f.type()), (Function<Case, Object>) f::value, f.source());
    }

    /** Every column, in the order of the INSERT and the SELECT: the case's values, then the derived ones. */
    public static final List<Column<?>> ALL = Stream.concat(CaseFields.ALL.stream().map(CaseColumns::column),
            // derived from the files (kept so that retention sums it in the database); not read back into a case
            Stream.of(new Column<>("evidence_bytes", LONG, c -> c.evidence().bytes(), Source.MANIFEST))).toList();

    public static final Column<String> ID = named("id");
    public static final Column<String> VIOLATION_ID = named("violation_id");
    public static final Column<Map<String, Double>> MEASUREMENTS = named("measurements");
    public static final Column<CaseStatus> STATUS = named("status");
    public static final Column<Long> EVIDENCE_BYTES = named("evidence_bytes");

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
        Map<String, Object> values = new HashMap<>();
        for (Column<?> col : ALL) {
            values.put(col.name(), col.read(rs));
        }
        return CaseFields.build(f -> values.get(f.name()));
    }

    @SuppressWarnings("unchecked")
    private static <T> Column<T> named(String name) {
        return (Column<T>) ALL.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
