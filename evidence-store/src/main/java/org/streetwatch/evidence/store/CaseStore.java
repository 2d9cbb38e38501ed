package org.streetwatch.evidence.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.cases.EvidenceFile;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cases in the database. Every change is a transaction that also appends to the case's audit trail, so the status of
 * a case is never changed without a trace.
 */
public final class CaseStore {

    /** One line of a case's audit trail. */
    public record Event(String caseId, int seq, long at, String actor, String action, String detail) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLUMNS = "id, violation_id, camera, rule, zone, zone_type, place, unit, onset_at, "
            + "confirmed_at, ended_at, counts, objects, files, dir, clip_status, manifest_sha256, status, reviewer, "
            + "reason, reviewed_at, created_at, area, appearance";

    private final Database db;

    public CaseStore(Database db) {
        this.db = db;
    }

    /** Inserts a new case; returns false (and changes nothing) if its violation already has a case. */
    public boolean insert(Case c, String actor) throws StoreException {
        try (Connection con = db.connection()) {
            con.setAutoCommit(false);
            try {
                if (existsViolation(con, c.violationId())) {
                    con.rollback();
                    return false;
                }
                try (PreparedStatement ps = con.prepareStatement("INSERT INTO cases (" + COLUMNS
                        + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                    int i = 1;
                    ps.setString(i++, c.id());
                    ps.setString(i++, c.violationId());
                    ps.setString(i++, c.camera());
                    ps.setString(i++, c.rule());
                    ps.setString(i++, c.zone());
                    ps.setString(i++, c.zoneType());
                    ps.setString(i++, c.place());
                    ps.setString(i++, c.unit());
                    ps.setLong(i++, c.onsetAt());
                    ps.setLong(i++, c.confirmedAt());
                    setLong(ps, i++, c.endedAt());
                    ps.setString(i++, JSON.writeValueAsString(c.counts()));
                    ps.setString(i++, JSON.writeValueAsString(c.objects()));
                    ps.setString(i++, JSON.writeValueAsString(c.files()));
                    ps.setString(i++, c.dir());
                    ps.setString(i++, c.clipStatus());
                    ps.setString(i++, c.manifestSha256());
                    ps.setString(i++, c.status().key());
                    ps.setString(i++, c.reviewer());
                    ps.setString(i++, c.reason());
                    setLong(ps, i++, c.reviewedAt());
                    ps.setLong(i++, c.createdAt());
                    ps.setString(i++, c.area() == null ? null : JSON.writeValueAsString(c.area()));
                    ps.setString(i, c.appearance() == null ? null : JSON.writeValueAsString(c.appearance()));
                    ps.executeUpdate();
                }
                appendEvent(con, c.id(), actor, "created", c.clipStatus().equals("ok") ? null : "clip " + c.clipStatus());
                con.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                con.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot store case " + c.id() + ": " + e.getMessage(), e);
        }
    }

    /** Every case id. */
    public List<String> ids() throws StoreException {
        try (Connection con = db.connection(); PreparedStatement ps = con.prepareStatement("SELECT id FROM cases");
             ResultSet rs = ps.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot list case ids: " + e.getMessage(), e);
        }
    }

    public boolean existsViolation(String violationId) throws StoreException {
        try (Connection con = db.connection()) {
            return existsViolation(con, violationId);
        } catch (SQLException e) {
            throw new StoreException("cannot query cases: " + e.getMessage(), e);
        }
    }

    private static boolean existsViolation(Connection con, String violationId) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement("SELECT 1 FROM cases WHERE violation_id = ?")) {
            ps.setString(1, violationId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Records when the violation of a case ended. */
    public void ended(String violationId, long endedAt) throws StoreException {
        try (Connection con = db.connection()) {
            con.setAutoCommit(false);
            String id = null;
            try (PreparedStatement ps = con.prepareStatement("SELECT id FROM cases WHERE violation_id = ?")) {
                ps.setString(1, violationId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        id = rs.getString(1);
                    }
                }
            }
            if (id != null) {
                try (PreparedStatement ps = con.prepareStatement("UPDATE cases SET ended_at = ? WHERE id = ?")) {
                    ps.setLong(1, endedAt);
                    ps.setString(2, id);
                    ps.executeUpdate();
                }
                appendEvent(con, id, "streetwatch", "ended", null);
            }
            con.commit();
        } catch (SQLException e) {
            throw new StoreException("cannot record the end of violation " + violationId + ": " + e.getMessage(), e);
        }
    }

    public Optional<Case> get(String id) throws StoreException {
        try (Connection con = db.connection();
             PreparedStatement ps = con.prepareStatement("SELECT " + COLUMNS + " FROM cases WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read case " + id + ": " + e.getMessage(), e);
        }
    }

    public List<Case> list(CaseQuery q) throws StoreException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM cases WHERE 1=1");
        List<Object> args = new ArrayList<>();
        if (q.status() != null) {
            sql.append(" AND status = ?");
            args.add(q.status().key());
        }
        if (q.camera() != null) {
            sql.append(" AND camera = ?");
            args.add(q.camera());
        }
        if (q.rule() != null) {
            sql.append(" AND rule = ?");
            args.add(q.rule());
        }
        if (q.fromMs() != null) {
            sql.append(" AND confirmed_at >= ?");
            args.add(q.fromMs());
        }
        if (q.toMs() != null) {
            sql.append(" AND confirmed_at < ?");
            args.add(q.toMs());
        }
        sql.append(" ORDER BY confirmed_at DESC, id DESC LIMIT ? OFFSET ?");
        args.add(q.limit());
        args.add(q.offset());
        try (Connection con = db.connection(); PreparedStatement ps = con.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<Case> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot list cases: " + e.getMessage(), e);
        }
    }

    /** A review decision, or an export, that is not allowed from the case's current status. */
    public static final class TransitionException extends Exception {
        public TransitionException(String message) {
            super(message);
        }
    }

    /**
     * Changes a case's status, with the audit trail: pending to confirmed or rejected (a person), confirmed to
     * exported (the exporter). A confirmed or rejected case may be reviewed again by a person (a second opinion) as
     * long as it has not been exported. Returns the case as it now is.
     */
    public Case review(String caseId, CaseStatus next, String actor, String reason)
            throws StoreException, TransitionException {
        try (Connection con = db.connection()) {
            con.setAutoCommit(false);
            try {
                Case c;
                try (PreparedStatement ps = con.prepareStatement("SELECT " + COLUMNS + " FROM cases WHERE id = ?")) {
                    ps.setString(1, caseId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw new TransitionException("no such case");
                        }
                        c = read(rs);
                    }
                }
                if (!allowed(c.status(), next)) {
                    throw new TransitionException("a " + c.status().key() + " case cannot become " + next.key());
                }
                long now = System.currentTimeMillis();
                boolean person = next != CaseStatus.EXPORTED;
                try (PreparedStatement ps = con.prepareStatement(person
                        ? "UPDATE cases SET status = ?, reviewer = ?, reason = ?, reviewed_at = ? WHERE id = ? AND status = ?"
                        : "UPDATE cases SET status = ? WHERE id = ? AND status = ?")) {
                    int i = 1;
                    ps.setString(i++, next.key());
                    if (person) {
                        ps.setString(i++, actor);
                        ps.setString(i++, reason);
                        ps.setLong(i++, now);
                    }
                    ps.setString(i++, caseId);
                    ps.setString(i, c.status().key());
                    if (ps.executeUpdate() != 1) {
                        throw new TransitionException("the case changed meanwhile; reload it");
                    }
                }
                appendEvent(con, caseId, actor, next.key(), reason);
                con.commit();
                return person ? c.reviewed(next, actor, reason, now) : c.reviewed(next, c.reviewer(), c.reason(),
                        c.reviewedAt() == null ? now : c.reviewedAt());
            } catch (SQLException | RuntimeException | TransitionException e) {
                con.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot review case " + caseId + ": " + e.getMessage(), e);
        }
    }

    static boolean allowed(CaseStatus from, CaseStatus to) {
        switch (to) {
            case CONFIRMED:
            case REJECTED:
                return from == CaseStatus.PENDING || (from != CaseStatus.EXPORTED && from != to);
            case EXPORTED:
                return from == CaseStatus.CONFIRMED;
            default:
                return false;
        }
    }

    /** Cases rejected since {@code sinceMs} (their objects are suppressed from new cases for a while). */
    public List<Case> rejectedSince(long sinceMs) throws StoreException {
        try (Connection con = db.connection(); PreparedStatement ps = con.prepareStatement("SELECT " + COLUMNS
                + " FROM cases WHERE status = 'rejected' AND reviewed_at >= ? ORDER BY reviewed_at")) {
            ps.setLong(1, sinceMs);
            List<Case> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot list rejected cases: " + e.getMessage(), e);
        }
    }

    public List<Event> events(String caseId) throws StoreException {
        try (Connection con = db.connection(); PreparedStatement ps = con.prepareStatement(
                "SELECT case_id, seq, at, actor, action, detail FROM case_events WHERE case_id = ? ORDER BY seq")) {
            ps.setString(1, caseId);
            List<Event> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Event(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                            rs.getString(6)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read the audit trail of " + caseId + ": " + e.getMessage(), e);
        }
    }

    static void appendEvent(Connection con, String caseId, String actor, String action, String detail)
            throws SQLException {
        int seq;
        try (PreparedStatement ps = con.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM case_events WHERE case_id = ?")) {
            ps.setString(1, caseId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                seq = rs.getInt(1) + 1;
            }
        }
        try (PreparedStatement ps = con.prepareStatement(
                "INSERT INTO case_events (case_id, seq, at, actor, action, detail) VALUES (?,?,?,?,?,?)")) {
            ps.setString(1, caseId);
            ps.setInt(2, seq);
            ps.setLong(3, System.currentTimeMillis());
            ps.setString(4, actor);
            ps.setString(5, action);
            ps.setString(6, detail);
            ps.executeUpdate();
        }
    }

    private static Case read(ResultSet rs) throws SQLException {
        Map<String, Integer> counts = JSON.readValue(rs.getString("counts"), new TypeReference<Map<String, Integer>>() { });
        List<String> objects = JSON.readValue(rs.getString("objects"), new TypeReference<List<String>>() { });
        List<EvidenceFile> files = JSON.readValue(rs.getString("files"), new TypeReference<List<EvidenceFile>>() { });
        return new Case(rs.getString("id"), rs.getString("violation_id"), rs.getString("camera"), rs.getString("rule"),
                rs.getString("zone"), rs.getString("zone_type"), rs.getString("place"), rs.getString("unit"),
                rs.getLong("onset_at"), rs.getLong("confirmed_at"), getLong(rs, "ended_at"), counts, objects, files,
                rs.getString("dir"), rs.getString("clip_status"), rs.getString("manifest_sha256"),
                CaseStatus.of(rs.getString("status")), rs.getString("reviewer"), rs.getString("reason"),
                getLong(rs, "reviewed_at"), rs.getLong("created_at"), floats(rs.getString("area")),
                floats(rs.getString("appearance")));
    }

    private static float[] floats(String json) {
        return json == null ? null : JSON.readValue(json, float[].class);
    }

    private static Long getLong(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }
}
