package org.streetwatch.daemon.fleet;

import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.streetwatch.evidence.integrity.Signer;
import org.streetwatch.evidence.store.Database;
import org.streetwatch.evidence.store.StoreException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The fleet's rows in the shared case database: each node's status and every node's signing keys (V10). */
public final class FleetRows {

    /** One node as it last said. */
    public record Node(String id, String url, List<String> cameras, List<String> down, double framesPerS,
                       long dropped, double inferenceMs, boolean exporter, long heartbeatAt) {
    }

    /** A key that signs one node's manifests and case log. */
    public record Key(String node, String fingerprint, String pem, long firstSeen) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<String>> IDS = new TypeReference<>() { };

    private final Database db;

    public FleetRows(Database db) {
        this.db = db;
    }

    public void publish(Node n) throws StoreException {
        String sql = "INSERT INTO fleet_nodes (node_id, url, cameras, cameras_down, frames_per_s, dropped, "
                + "inference_ms, exporter, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (node_id) DO "
                + "UPDATE SET url = excluded.url, cameras = excluded.cameras, cameras_down = excluded.cameras_down, "
                + "frames_per_s = excluded.frames_per_s, dropped = excluded.dropped, inference_ms = "
                + "excluded.inference_ms, exporter = excluded.exporter, heartbeat_at = excluded.heartbeat_at";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, n.id());
            ps.setString(2, n.url());
            ps.setString(3, JSON.writeValueAsString(n.cameras()));
            ps.setString(4, JSON.writeValueAsString(n.down()));
            ps.setDouble(5, n.framesPerS());
            ps.setLong(6, n.dropped());
            ps.setDouble(7, n.inferenceMs());
            ps.setBoolean(8, n.exporter());
            ps.setLong(9, n.heartbeatAt());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot write node " + n.id() + "'s status: " + e.getMessage(), e);
        }
    }

    public List<Node> nodes() throws StoreException {
        List<Node> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM fleet_nodes ORDER BY node_id"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Node(rs.getString("node_id"), rs.getString("url"),
                        JSON.readValue(rs.getString("cameras"), IDS), JSON.readValue(rs.getString("cameras_down"), IDS),
                        rs.getDouble("frames_per_s"), rs.getLong("dropped"), rs.getDouble("inference_ms"),
                        rs.getBoolean("exporter"), rs.getLong("heartbeat_at")));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the fleet's nodes: " + e.getMessage(), e);
        }
        return out;
    }

    /** Records the key a node signs with, once (a node's earlier keys stay, for the evidence they signed). */
    public void key(String node, PublicKey key) throws StoreException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO node_keys (fingerprint, node_id, public_key, first_seen) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (fingerprint) DO NOTHING")) {
            ps.setString(1, Signer.fingerprint(key));
            ps.setString(2, node);
            ps.setString(3, Signer.pem(key));
            ps.setLong(4, System.currentTimeMillis());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot record node " + node + "'s key: " + e.getMessage(), e);
        }
    }

    public List<Key> keys() throws StoreException {
        List<Key> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM node_keys ORDER BY node_id, first_seen"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Key(rs.getString("node_id"), rs.getString("fingerprint"), rs.getString("public_key"),
                        rs.getLong("first_seen")));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the nodes' keys: " + e.getMessage(), e);
        }
        return out;
    }
}
