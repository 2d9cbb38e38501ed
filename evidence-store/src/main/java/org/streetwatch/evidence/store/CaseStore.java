package org.streetwatch.evidence.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.cases.EvidenceFile;
import org.streetwatch.evidence.integrity.CaseLog;
import org.streetwatch.violation.BureauCodes;
import org.streetwatch.violation.Provenance;
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
    private static final String SYSTEM = "streetwatch";
    private static final String RETENTION = "retention";
    private static final String COLUMNS = "id, violation_id, camera, rule, zone, zone_type, place, unit, onset_at, "
            + "confirmed_at, ended_at, counts, objects, files, dir, clip_status, manifest_sha256, status, reviewer, "
            + "reason, reviewed_at, created_at, area, appearance, purged_at, district, provenance, "
            + "bureau_codes, measurements";

    /** A case that is no warning to a unit (see {@link org.streetwatch.violation.Violation#WARNING}). */
    private static final String NOT_WARNING = "violation_id NOT LIKE '%" + org.streetwatch.violation.Violation.WARNING
            + "'";

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
                        + ", evidence_bytes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
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
                    ps.setString(i++, c.appearance() == null ? null : JSON.writeValueAsString(c.appearance()));
                    setLong(ps, i++, c.purgedAt());
                    ps.setString(i++, c.district());
                    ps.setString(i++, c.provenance() == null ? null : JSON.writeValueAsString(c.provenance()));
                    ps.setString(i++, c.codes() == null ? null : JSON.writeValueAsString(c.codes()));
                    ps.setString(i++, c.measurements() == null ? null : JSON.writeValueAsString(c.measurements()));
                    ps.setLong(i, c.files().stream().mapToLong(EvidenceFile::bytes).sum());
                    ps.executeUpdate();
                }
                appendEvent(con, c.id(), actor, "created", c.creationNote(), c.createdAt());
                con.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                rollback(con, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot store case " + c.id() + ": " + e.getMessage(), e);
        }
    }

    /** Every case id. */
    public List<String> ids() throws StoreException {
        List<String> out = new ArrayList<>();
        query("SELECT id FROM cases", List.of(), rs -> out.add(rs.getString(1)));
        return out;
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

    /** Records when the violation of a case ended (nothing if it has no case). */
    public void ended(String violationId, long endedAt, Journal journal) throws StoreException {
        try (Connection con = db.connection()) {
            con.setAutoCommit(false);
            try {
                Optional<Case> found = find(con, "violation_id", violationId);
                if (found.isEmpty()) {
                    con.rollback();
                    return;
                }
                Case c = found.get();
                try (PreparedStatement ps = con.prepareStatement("UPDATE cases SET ended_at = ? WHERE id = ?")) {
                    ps.setLong(1, endedAt);
                    ps.setString(2, c.id());
                    ps.executeUpdate();
                }
                appendEvent(con, c.id(), SYSTEM, "ended", null, endedAt);
                journal.commit(new CaseLog.Change(c.id(), "ended", c.manifestSha256(), SYSTEM, null, endedAt),
                        () -> commit(con, c.id()));
            } catch (SQLException | RuntimeException | StoreException e) {
                rollback(con, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot record the end of violation " + violationId + ": " + e.getMessage(), e);
        }
    }

    public Optional<Case> get(String id) throws StoreException {
        try (Connection con = db.connection()) {
            return get(con, id);
        } catch (SQLException e) {
            throw new StoreException("cannot read case " + id + ": " + e.getMessage(), e);
        }
    }

    public List<Case> list(CaseQuery q) throws StoreException {
        List<Object> args = new ArrayList<>();
        String where = where(q, args);
        String order = q.oldestFirst() ? "ASC" : "DESC";
        args.add(q.limit());
        args.add(q.offset());
        List<Case> out = new ArrayList<>();
        query("SELECT " + COLUMNS + " FROM cases" + where + " ORDER BY confirmed_at " + order + ", id " + order
                + " LIMIT ? OFFSET ?", args, rs -> out.add(read(rs)));
        return out;
    }

    /** Every case in id (time) order, read a page at a time so that a large store fits in little memory. */
    public void forEach(Consumer<Case> each) throws StoreException {
        forEachPage(CaseStore::read, Case::id, each);
    }

    /**
     * Every case row like {@link #forEach}, but exactly as the database holds it — column name to text, nothing
     * parsed — so that a row edited into nonsense can still be named (see {@code Verifier}).
     */
    public void forEachRow(Consumer<Map<String, String>> each) throws StoreException {
        forEachPage(rs -> {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getString(i));
            }
            return row;
        }, row -> row.get("id"), each);
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> void forEachPage(RowMapper<T> mapper, Function<T, String> id, Consumer<T> each) throws StoreException {
        String after = "";
        while (true) {
            List<T> page = new ArrayList<>();
            query("SELECT " + COLUMNS + ", evidence_bytes FROM cases WHERE id > ? ORDER BY id LIMIT "
                    + CaseQuery.MAX_LIMIT, List.of(after), rs -> page.add(mapper.map(rs)));
            page.forEach(each);
            if (page.size() < CaseQuery.MAX_LIMIT) {
                return;
            }
            after = id.apply(page.get(page.size() - 1));
        }
    }

    /** Every case's audit trail, by case id. */
    public Map<String, List<Event>> allEvents() throws StoreException {
        Map<String, List<Event>> out = new HashMap<>();
        query("SELECT case_id, seq, at, actor, action, detail FROM case_events ORDER BY case_id, seq", List.of(),
                rs -> out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(event(rs)));
        return out;
    }

    /** How many cases match (without limit and offset). */
    public int count(CaseQuery q) throws StoreException {
        List<Object> args = new ArrayList<>();
        int[] n = new int[1];
        query("SELECT COUNT(*) FROM cases" + where(q, args), args, rs -> n[0] = rs.getInt(1));
        return n[0];
    }

    /** One line of {@link #tally}: how many cases of a rule on a camera are in a status. */
    public record Tally(String rule, String camera, CaseStatus status, int count) {
    }

    /** Cases by rule, camera and status, confirmed in [fromMs, toMs) (null: unbounded), in every district. */
    public List<Tally> tally(Long fromMs, Long toMs) throws StoreException {
        return tally(fromMs, toMs, null);
    }

    /** The same, of these districts' cases only (null: all). Warnings to units are no violations: not counted. */
    public List<Tally> tally(Long fromMs, Long toMs, Set<String> districts) throws StoreException {
        List<Object> args = new ArrayList<>();
        String where = where(new CaseQuery(null, null, null, fromMs, toMs, 1, 0, false, districts), args)
                + " AND " + NOT_WARNING;
        List<Tally> out = new ArrayList<>();
        query("SELECT rule, camera, status, COUNT(*) FROM cases" + where + " GROUP BY rule, camera, status", args,
                rs -> out.add(new Tally(rs.getString(1), rs.getString(2), CaseStatus.of(rs.getString(3)), rs.getInt(4))));
        return out;
    }

    /**
     * One responsible unit (门前三包) over a period: its cases that stood (confirmed, whatever came after), repeats
     * (its cases of a rule beyond its first of that rule), re-checks that found the violation back, and the mean time
     * from a case's creation to the command centre's "handled" and to the re-check's "verified"; and the warnings
     * its grace period gave it (not cases).
     *
     * @param meanToHandledS  null when none was handled
     * @param meanToVerifiedS null when none was verified
     */
    public record UnitTally(String unit, int cases, int repeats, int recurred, int handled, Double meanToHandledS,
                            int verified, Double meanToVerifiedS, int warnings) {
    }

    /** Per responsible unit, cases confirmed in [fromMs, toMs) (null: unbounded), of these districts (null: all). */
    public List<UnitTally> units(Long fromMs, Long toMs, Set<String> districts) throws StoreException {
        CaseQuery q = new CaseQuery(null, null, null, fromMs, toMs, 1, 0, false, districts);
        List<Object> args = new ArrayList<>();
        String where = where(q, args) + " AND unit IS NOT NULL AND status NOT IN ('pending', 'rejected')";
        Map<String, int[]> counts = new java.util.TreeMap<>(); // unit -> cases, repeats, recurred, warnings
        query("SELECT unit, rule, SUM(CASE WHEN " + NOT_WARNING + " THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN status = 'recurred' THEN 1 ELSE 0 END), SUM(CASE WHEN " + NOT_WARNING
                + " THEN 0 ELSE 1 END) FROM cases" + where + " GROUP BY unit, rule", args, rs -> {
                    int[] c = counts.computeIfAbsent(rs.getString(1), k -> new int[4]);
                    c[0] += rs.getInt(3);
                    c[1] += Math.max(0, rs.getInt(3) - 1);
                    c[2] += rs.getInt(4);
                    c[3] += rs.getInt(5);
                });
        Map<String, Map<String, double[]>> times = new HashMap<>(); // unit -> action -> count, mean seconds
        args.clear();
        String joined = where(q, args) + " AND unit IS NOT NULL";
        query("SELECT unit, action, COUNT(*), AVG((at - created_at) / 1000.0) FROM cases JOIN case_events ON case_id = id"
                + joined + " AND action IN ('handled', 'verified') GROUP BY unit, action", args,
                rs -> times.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                        .put(rs.getString(2), new double[] {rs.getInt(3), rs.getDouble(4)}));
        List<UnitTally> out = new ArrayList<>();
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            Map<String, double[]> t = times.getOrDefault(e.getKey(), Map.of());
            double[] handled = t.getOrDefault("handled", new double[] {0, Double.NaN});
            double[] verified = t.getOrDefault("verified", new double[] {0, Double.NaN});
            int[] c = e.getValue();
            out.add(new UnitTally(e.getKey(), c[0], c[1], c[2], (int) handled[0],
                    handled[0] == 0 ? null : handled[1], (int) verified[0], verified[0] == 0 ? null : verified[1],
                    c[3]));
        }
        return out;
    }

    /** What {@link #breakdown} groups cases by, besides their status: two columns, the second may be null. */
    public enum Breakdown {
        /** Camera and zone: a zone whose cases are mostly rejected needs redrawing. */
        ZONE("camera, zone"),
        /** Rule and the reviewer's reason (what rejections say). */
        REASON("rule, reason"),
        /** Rule and the day it was confirmed on (days since the epoch, shifted by the caller's offset from UTC). */
        DAY("rule, (confirmed_at + ?) / 86400000");

        private final String columns;

        Breakdown(String columns) {
            this.columns = columns;
        }
    }

    /** One line of {@link #breakdown}: the group's two values and how many of its cases are in a status. */
    public record Count(String first, String second, CaseStatus status, int count) {
    }

    /**
     * Cases confirmed in [fromMs, toMs) (null: unbounded) of these districts (null: all), counted per group and status.
     *
     * @param dayOffsetMs for {@link Breakdown#DAY}: milliseconds east of UTC of the days counted
     */
    public List<Count> breakdown(Breakdown by, long dayOffsetMs, Long fromMs, Long toMs, Set<String> districts)
            throws StoreException {
        List<Object> args = new ArrayList<>();
        if (by == Breakdown.DAY) {
            args.add(dayOffsetMs);
        }
        String where = where(new CaseQuery(null, null, null, fromMs, toMs, 1, 0, false, districts), args);
        List<Count> out = new ArrayList<>();
        query("SELECT " + by.columns + ", status, COUNT(*) FROM cases" + where + " GROUP BY 1, 2, 3", args,
                rs -> out.add(new Count(rs.getString(1), rs.getString(2), CaseStatus.of(rs.getString(3)),
                        rs.getInt(4))));
        return out;
    }

    @FunctionalInterface
    private interface RowReader {
        void row(ResultSet rs) throws SQLException;
    }

    private void query(String sql, List<Object> args, RowReader reader) throws StoreException {
        try (Connection con = db.connection(); PreparedStatement ps = con.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.row(rs);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot query cases: " + e.getMessage(), e);
        }
    }

    private static String where(CaseQuery q, List<Object> args) {
        StringBuilder sql = new StringBuilder(" WHERE 1=1");
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
        if (q.districts() != null) {
            sql.append(q.districts().isEmpty() ? " AND 1=0"
                    : " AND district IN (" + String.join(",", Collections.nCopies(q.districts().size(), "?")) + ")");
            args.addAll(q.districts());
        }
        return sql.toString();
    }

    /** A review decision, or an export, that is not allowed from the case's current status. */
    public static final class TransitionException extends Exception {
        public TransitionException(String message) {
            super(message);
        }
    }

    /**
     * How a change reaches the signed case log: given the change and its database commit, writes the log entry and
     * runs the commit so that the entry stays exactly when the commit succeeds ({@code CaseLog::appendCommitted}), or
     * — for a change read from the log itself — just runs the commit ({@link #FROM_LOG}).
     */
    @FunctionalInterface
    public interface Journal {
        void commit(CaseLog.Change change, CaseLog.Commit commit) throws StoreException;
    }

    /** For changes applied from the case log: their entries are already there. */
    public static final Journal FROM_LOG = (change, commit) -> commit.run();

    /**
     * Changes a case's status, with the audit trail: pending to confirmed or rejected (a person), confirmed to
     * exported (the exporter), exported to dispatched to handled (the command centre), handled to verified or recurred
     * (the re-check). A confirmed or rejected case may be reviewed again by a person (a second opinion) as
     * long as it has not been exported. Returns the case as it now is.
     *
     * @param detail  for the audit trail: the reviewer's reason, or the exporter's receipt
     * @param at      when, for the row, the audit trail and the case log alike
     * @param journal the signed case log's entry, written before the row commits so that the log is never behind the
     *                database (a crash in between is caught up from the log at the next start)
     */
    public Case review(String caseId, CaseStatus next, String actor, String detail, long at, Journal journal)
            throws StoreException, TransitionException {
        try (Connection con = db.connection()) {
            con.setAutoCommit(false);
            try {
                Case c = get(con, caseId).orElseThrow(() -> new TransitionException("no such case"));
                if (!allowed(c.status(), next)) {
                    throw new TransitionException("a " + c.status().key() + " case cannot become " + next.key());
                }
                boolean person = next.decision();
                try (PreparedStatement ps = con.prepareStatement(person
                        ? "UPDATE cases SET status = ?, reviewer = ?, reason = ?, reviewed_at = ? WHERE id = ? AND status = ?"
                        : "UPDATE cases SET status = ? WHERE id = ? AND status = ?")) {
                    int i = 1;
                    ps.setString(i++, next.key());
                    if (person) {
                        ps.setString(i++, actor);
                        ps.setString(i++, detail);
                        ps.setLong(i++, at);
                    }
                    ps.setString(i++, caseId);
                    ps.setString(i, c.status().key());
                    if (ps.executeUpdate() != 1) {
                        throw new TransitionException("the case changed meanwhile; reload it");
                    }
                }
                appendEvent(con, caseId, actor, next.key(), detail, at);
                journal.commit(new CaseLog.Change(caseId, next.key(), c.manifestSha256(), actor, detail, at),
                        () -> commit(con, caseId));
                return person ? c.reviewed(next, actor, detail, at) : c.reviewed(next, c.reviewer(), c.reason(),
                        c.reviewedAt());
            } catch (SQLException | RuntimeException | TransitionException | StoreException e) {
                rollback(con, e);
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
                // a second opinion, until the case left for the command centre
                return from.ordinal() <= CaseStatus.REJECTED.ordinal() && from != to;
            case WARNED:
                return from == CaseStatus.PENDING;
            case EXPORTED:
                return from == CaseStatus.CONFIRMED || from == CaseStatus.WARNED;
            case DISPATCHED:
                return from == CaseStatus.EXPORTED;
            case HANDLED:
                return from == CaseStatus.DISPATCHED;
            case VERIFIED:
            case RECURRED:
                return from == CaseStatus.HANDLED;
            default:
                return false;
        }
    }

    /**
     * Cases whose files retention may remove, oldest first: decided and done with (rejected, or confirmed and
     * acknowledged by the command centre, whatever it reported since), files still present. Pending and unexported confirmed cases never are.
     *
     * @param confirmedBeforeMs only cases confirmed before this (null: any age)
     */
    public List<Case> purgeable(Long confirmedBeforeMs, int limit) throws StoreException {
        List<Object> args = new ArrayList<>();
        String age = "";
        if (confirmedBeforeMs != null) {
            age = " AND confirmed_at < ?";
            args.add(confirmedBeforeMs);
        }
        args.add(limit);
        List<Case> out = new ArrayList<>();
        query("SELECT " + COLUMNS + " FROM cases WHERE status NOT IN ('pending', 'confirmed', 'warned') AND purged_at IS NULL" + age
                + " ORDER BY confirmed_at, id LIMIT ?", args, rs -> out.add(read(rs)));
        return out;
    }

    /** Bytes of evidence files still kept. */
    public long retainedBytes() throws StoreException {
        long[] n = new long[1];
        query("SELECT COALESCE(SUM(evidence_bytes), 0) FROM cases WHERE purged_at IS NULL", List.of(),
                rs -> n[0] = rs.getLong(1));
        return n[0];
    }

    /** Marks a case's files removed (the caller removes them once this returned). */
    public void purged(String caseId, long at, Journal journal) throws StoreException {
        try (Connection con = db.connection()) {
            con.setAutoCommit(false);
            try {
                Case c = get(con, caseId).orElseThrow(() -> new StoreException("no case " + caseId));
                try (PreparedStatement ps = con.prepareStatement(
                        "UPDATE cases SET purged_at = ? WHERE id = ? AND purged_at IS NULL")) {
                    ps.setLong(1, at);
                    ps.setString(2, caseId);
                    ps.executeUpdate();
                }
                appendEvent(con, caseId, RETENTION, "purged", null, at);
                journal.commit(new CaseLog.Change(caseId, "purged", c.manifestSha256(), RETENTION, null, at),
                        () -> commit(con, caseId));
            } catch (SQLException | RuntimeException | StoreException e) {
                rollback(con, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot mark case " + caseId + " purged: " + e.getMessage(), e);
        }
    }

    private static Optional<Case> get(Connection con, String id) throws SQLException {
        return find(con, "id", id);
    }

    private static Optional<Case> find(Connection con, String column, String value) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement("SELECT " + COLUMNS + " FROM cases WHERE " + column + " = ?")) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** Cases rejected since {@code sinceMs} (their objects are suppressed from new cases for a while). */
    public List<Case> rejectedSince(long sinceMs) throws StoreException {
        List<Case> out = new ArrayList<>();
        query("SELECT " + COLUMNS + " FROM cases WHERE status = 'rejected' AND reviewed_at >= ? ORDER BY reviewed_at",
                List.of(sinceMs), rs -> out.add(read(rs)));
        return out;
    }

    public List<Event> events(String caseId) throws StoreException {
        List<Event> out = new ArrayList<>();
        query("SELECT case_id, seq, at, actor, action, detail FROM case_events WHERE case_id = ? ORDER BY seq",
                List.of(caseId), rs -> out.add(event(rs)));
        return out;
    }

    private static Event event(ResultSet rs) throws SQLException {
        return new Event(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getString(6));
    }

    private static void commit(Connection con, String caseId) throws StoreException {
        try {
            con.commit();
        } catch (SQLException e) {
            throw new StoreException("cannot commit the change of case " + caseId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Rolls a failed transaction back without hiding why it failed: SQLite ends a transaction whose commit failed
     * (a full disk) by itself, and the rollback's own "no transaction is active" would otherwise replace the cause.
     */
    private static void rollback(Connection con, Exception failure) {
        try {
            con.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static void appendEvent(Connection con, String caseId, String actor, String action, String detail, long at)
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
            ps.setLong(3, at);
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
                floats(rs.getString("appearance")), getLong(rs, "purged_at"), rs.getString("district"),
                provenance(rs.getString("provenance")), codes(rs.getString("bureau_codes")),
                measurements(rs.getString("measurements")));
    }

    private static BureauCodes codes(String json) {
        return json == null ? null : JSON.readValue(json, BureauCodes.class);
    }

    /** A JSON object of numbers (a case's or near miss's measurements), or null. */
    public static Map<String, Double> measurements(String json) {
        return json == null ? null : JSON.readValue(json, new TypeReference<Map<String, Double>>() { });
    }

    private static Provenance provenance(String json) {
        return json == null ? null : JSON.readValue(json, Provenance.class);
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
