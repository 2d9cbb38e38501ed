package org.streetwatch.evidence.nearmiss;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.streetwatch.evidence.store.Database;
import org.streetwatch.evidence.store.StoreException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The near misses kept in the case database ({@code near_misses}): at most {@code perCameraRule} rows per camera and
 * rule — a new one drops the oldest beyond that, so a noisy camera cannot fill the database — and none older than
 * retention keeps. Thread-safe (each call its own connection and transaction).
 */
public final class NearMisses {

    /**
     * One near miss.
     *
     * @param ptsUs  where it was on the camera's timeline
     * @param at     wall-clock milliseconds
     * @param params       the rule's settings in force in its zone
     * @param measurements what the rule measured
     */
    public record Row(String camera, String rule, String zone, long ptsUs, long at, String district, String reason,
                      Map<String, Object> params, Map<String, Double> measurements) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };
    private static final TypeReference<Map<String, Double>> NUMBERS = new TypeReference<>() { };
    private static final String ORDER = " ORDER BY at, pts_us, zone";

    private final Database db;
    private final int perCameraRule;

    public NearMisses(Database db, int perCameraRule) {
        this.db = db;
        this.perCameraRule = perCameraRule;
    }

    /** Stores a near miss (once: the same one seen again is ignored) and drops its camera and rule's oldest beyond the bound. */
    public void record(Row r) throws StoreException {
        try (Connection con = db.connection()) {
            con.setAutoCommit(false);
            try {
                if (!exists(con, r)) {
                    insert(con, r);
                    dropOldest(con, r.camera(), r.rule());
                }
                con.commit();
            } catch (SQLException e) {
                con.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot store a near miss of camera " + r.camera() + ": " + e.getMessage(), e);
        }
    }

    private static boolean exists(Connection con, Row r) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement(
                "SELECT 1 FROM near_misses WHERE camera = ? AND rule = ? AND zone = ? AND pts_us = ?")) {
            ps.setString(1, r.camera());
            ps.setString(2, r.rule());
            ps.setString(3, r.zone());
            ps.setLong(4, r.ptsUs());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void insert(Connection con, Row r) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement("INSERT INTO near_misses (camera, rule, zone, pts_us, at, "
                + "district, reason, params, measurements) VALUES (?,?,?,?,?,?,?,?,?)")) {
            ps.setString(1, r.camera());
            ps.setString(2, r.rule());
            ps.setString(3, r.zone());
            ps.setLong(4, r.ptsUs());
            ps.setLong(5, r.at());
            ps.setString(6, r.district());
            ps.setString(7, r.reason());
            ps.setString(8, JSON.writeValueAsString(r.params()));
            ps.setString(9, JSON.writeValueAsString(r.measurements()));
            ps.executeUpdate();
        }
    }

    private void dropOldest(Connection con, String camera, String rule) throws SQLException {
        int kept;
        try (PreparedStatement ps = con.prepareStatement(
                "SELECT COUNT(*) FROM near_misses WHERE camera = ? AND rule = ?")) {
            ps.setString(1, camera);
            ps.setString(2, rule);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                kept = rs.getInt(1);
            }
        }
        if (kept <= perCameraRule) {
            return;
        }
        List<Object[]> excess = new ArrayList<>();
        try (PreparedStatement ps = con.prepareStatement(
                "SELECT zone, pts_us FROM near_misses WHERE camera = ? AND rule = ?" + ORDER + " LIMIT ?")) {
            ps.setString(1, camera);
            ps.setString(2, rule);
            ps.setInt(3, kept - perCameraRule);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    excess.add(new Object[] {rs.getString(1), rs.getLong(2)});
                }
            }
        }
        try (PreparedStatement ps = con.prepareStatement(
                "DELETE FROM near_misses WHERE camera = ? AND rule = ? AND zone = ? AND pts_us = ?")) {
            for (Object[] k : excess) {
                ps.setString(1, camera);
                ps.setString(2, rule);
                ps.setString(3, (String) k[0]);
                ps.setLong(4, (Long) k[1]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Removes those seen before {@code beforeMs}; returns how many. */
    public int purgeBefore(long beforeMs) throws StoreException {
        try (Connection con = db.connection();
             PreparedStatement ps = con.prepareStatement("DELETE FROM near_misses WHERE at < ?")) {
            ps.setLong(1, beforeMs);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot remove old near misses: " + e.getMessage(), e);
        }
    }

    /**
     * The newest first, at most {@code limit}, of these districts' cameras (null: all; empty: none), optionally of one
     * camera and rule.
     */
    public List<Row> list(Set<String> districts, String camera, String rule, int limit) throws StoreException {
        StringBuilder sql = new StringBuilder("SELECT camera, rule, zone, pts_us, at, district, reason, params, "
                + "measurements FROM near_misses WHERE 1=1");
        List<Object> args = new ArrayList<>();
        if (camera != null) {
            sql.append(" AND camera = ?");
            args.add(camera);
        }
        if (rule != null) {
            sql.append(" AND rule = ?");
            args.add(rule);
        }
        if (districts != null) {
            sql.append(districts.isEmpty() ? " AND 1=0"
                    : " AND district IN (" + String.join(",", Collections.nCopies(districts.size(), "?")) + ")");
            args.addAll(districts);
        }
        sql.append(" ORDER BY at DESC, pts_us DESC, zone DESC LIMIT ?");
        args.add(limit);
        List<Row> out = new ArrayList<>();
        try (Connection con = db.connection(); PreparedStatement ps = con.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                            rs.getString(6), rs.getString(7), JSON.readValue(rs.getString(8), OBJECT),
                            JSON.readValue(rs.getString(9), NUMBERS)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot list near misses: " + e.getMessage(), e);
        }
        return out;
    }
}
