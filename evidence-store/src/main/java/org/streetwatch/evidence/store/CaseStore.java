package org.streetwatch.evidence.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import org.streetwatch.evidence.integrity.CaseLog;

/**
 * Cases in the database. Every change is a transaction that also appends to the case's audit trail, so the status of
 * a case is never changed without a trace.
 */
public final class CaseStore {

    /** One line of a case's audit trail. */
    public record Event(String caseId, int seq, long at, String actor, String action, String detail) {
    }

    private static final String SYSTEM = "streetwatch";
    private static final String RETENTION = "retention";
    private static final String SELECT = "SELECT " + CaseColumns.NAMES + " FROM cases";

    /** A case that is no warning to a unit (see {@link org.streetwatch.violation.Violation#WARNING}). */
    private static final String NOT_WARNING = "violation_id NOT LIKE '%" + org.streetwatch.violation.Violation.WARNING
            + "'";

    private final Database db;

    public CaseStore(Database db) {
        this.db = db;
    }

    /** Inserts a new case; returns false (and changes nothing) if its violation already has a case. */
    public boolean insert(Case c, String actor) throws StoreException {
        return transaction("cannot store case " + c.id(), tx -> {
            if (find(tx.con, CaseColumns.VIOLATION_ID, c.violationId()).isPresent()) {
                return false;
            }
            try (PreparedStatement ps = tx.con.prepareStatement(CaseColumns.INSERT)) {
                CaseColumns.bind(ps, c);
                ps.executeUpdate();
            }
            appendEvent(tx.con, c.id(), actor, "created", c.creationNote(), c.when().createdAt());
            tx.commit();
            return true;
        });
    }

    /** Every case id. */
    public List<String> ids() throws StoreException {
        List<String> out = new ArrayList<>();
        query("SELECT id FROM cases", List.of(), rs -> out.add(rs.getString(1)));
        return out;
    }

    public boolean existsViolation(String violationId) throws StoreException {
        boolean[] found = new boolean[1];
        query("SELECT 1 FROM cases WHERE violation_id = ?", List.of(violationId), rs -> found[0] = true);
        return found[0];
    }

    /** Records when the violation of a case ended (nothing if it has no case). */
    public void ended(String violationId, long endedAt, Journal journal) throws StoreException {
        transaction("cannot record the end of violation " + violationId, tx -> {
            Optional<Case> found = find(tx.con, CaseColumns.VIOLATION_ID, violationId);
            if (found.isPresent()) {
                update(tx.con, "UPDATE cases SET ended_at = ? WHERE id = ?", endedAt, found.get().id());
                journal(tx, found.get(), SYSTEM, "ended", null, endedAt, journal);
            }
            return null;
        });
    }

    public Optional<Case> get(String id) throws StoreException {
        List<Case> out = new ArrayList<>();
        query(SELECT + " WHERE id = ?", List.of(id),
                rs -> out.add(CaseColumns.read(rs)));
        return out.stream().findFirst();
    }

    public List<Case> list(CaseQuery q) throws StoreException {
        List<Object> args = new ArrayList<>();
        String where = where(q, args);
        String order = q.oldestFirst() ? "ASC" : "DESC";
        args.add(q.limit());
        args.add(q.offset());
        List<Case> out = new ArrayList<>();
        query(SELECT + where + " ORDER BY confirmed_at " + order + ", id " + order
                + " LIMIT ? OFFSET ?", args, rs -> out.add(CaseColumns.read(rs)));
        return out;
    }

    /** Every case in id (time) order, read a page at a time so that a large store fits in little memory. */
    public void forEach(Consumer<Case> each) throws StoreException {
        forEachPage(CaseColumns::read, Case::id, each);
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
            query(SELECT + " WHERE id > ? ORDER BY id LIMIT "
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
        return transaction("cannot review case " + caseId, tx -> {
            Case c = find(tx.con, CaseColumns.ID, caseId).orElseThrow(() -> new TransitionException("no such case"));
            CaseStatus from = c.review().status();
            if (!allowed(from, next)) {
                throw new TransitionException("a " + from.key() + " case cannot become " + next.key());
            }
            // a person's decision puts who, why and when on the row; the system's keeps the last decision's
            Case.Review review = next.decision() ? new Case.Review(next, actor, detail, at)
                    : new Case.Review(next, c.review().reviewer(), c.review().reason(), c.review().reviewedAt());
            int changed = update(tx.con, "UPDATE cases SET status = ?, reviewer = ?, reason = ?, reviewed_at = ? "
                    + "WHERE id = ? AND status = ?", next.key(), review.reviewer(), review.reason(),
                    review.reviewedAt(), caseId, from.key());
            if (changed != 1) {
                throw new TransitionException("the case changed meanwhile; reload it");
            }
            journal(tx, c, actor, next.key(), detail, at, journal);
            return c.reviewed(review);
        });
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
        query(SELECT + " WHERE status NOT IN ('pending', 'confirmed', 'warned') AND purged_at IS NULL" + age
                + " ORDER BY confirmed_at, id LIMIT ?", args, rs -> out.add(CaseColumns.read(rs)));
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
        transaction("cannot mark case " + caseId + " purged", tx -> {
            Case c = find(tx.con, CaseColumns.ID, caseId).orElseThrow(() -> new StoreException("no case " + caseId));
            update(tx.con, "UPDATE cases SET purged_at = ? WHERE id = ? AND purged_at IS NULL", at, caseId);
            journal(tx, c, RETENTION, "purged", null, at, journal);
            return null;
        });
    }

    private static Optional<Case> find(Connection con, CaseColumns.Column<String> column, String value)
            throws SQLException {
        try (PreparedStatement ps = con.prepareStatement(SELECT + " WHERE "
                + column.name() + " = ?")) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(CaseColumns.read(rs)) : Optional.empty();
            }
        }
    }

    /** Cases rejected since {@code sinceMs} (their objects are suppressed from new cases for a while). */
    public List<Case> rejectedSince(long sinceMs) throws StoreException {
        List<Case> out = new ArrayList<>();
        query(SELECT + " WHERE status = 'rejected' AND reviewed_at >= ? ORDER BY reviewed_at",
                List.of(sinceMs), rs -> out.add(CaseColumns.read(rs)));
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

    /** A transaction's work: it commits through {@link Tx#commit} (itself or by a journal); else it rolls back. */
    @FunctionalInterface
    private interface Work<T, X extends Exception> {
        T run(Tx tx) throws SQLException, StoreException, X;
    }

    /** One transaction: its connection, and whether its work committed it. */
    private static final class Tx {
        private final Connection con;
        private final String failure;
        private boolean committed;

        private Tx(Connection con, String failure) {
            this.con = con;
            this.failure = failure;
        }

        void commit() throws StoreException {
            try {
                con.commit();
                committed = true;
            } catch (SQLException e) {
                throw new StoreException(failure + ": the commit failed: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Runs every write of the store: one connection, one transaction, rolled back unless the work committed it (a
     * failure rolls back too, and is rethrown; a database error as a StoreException that says what failed).
     */
    private <T, X extends Exception> T transaction(String failure, Work<T, X> work) throws StoreException, X {
        try (Connection con = db.connection()) {
            con.setAutoCommit(false);
            Tx tx = new Tx(con, failure);
            try {
                T result = work.run(tx);
                if (!tx.committed) {
                    con.rollback();
                }
                return result;
            } catch (Exception e) {
                rollback(con, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(failure + ": " + e.getMessage(), e);
        }
    }

    private static int update(Connection con, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }

    /** A change of a case: its audit event, then its case-log entry, which commits the transaction. */
    private static void journal(Tx tx, Case c, String actor, String action, String detail, long at, Journal journal)
            throws SQLException, StoreException {
        appendEvent(tx.con, c.id(), actor, action, detail, at);
        journal.commit(new CaseLog.Change(c.id(), action, c.evidence().manifestSha256(), actor, detail, at),
                tx::commit);
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

    /** A JSON object of numbers (a case's or near miss's measurements), or null. */
    public static Map<String, Double> measurements(String json) {
        return CaseColumns.MEASUREMENTS.parse(json);
    }
}
