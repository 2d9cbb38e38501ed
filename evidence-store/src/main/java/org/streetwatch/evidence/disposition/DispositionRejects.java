package org.streetwatch.evidence.disposition;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.streetwatch.evidence.store.Database;
import org.streetwatch.evidence.store.StoreException;

/**
 * Records from the dispositions topic that could not be applied, once each ({@code disposition_rejects}): the
 * consumer skips them, and a replay of the topic finds them already here, so each is logged only once.
 */
public final class DispositionRejects {

    private final Database db;

    public DispositionRejects(Database db) {
        this.db = db;
    }

    /**
     * @param source  where the record sits, e.g. {@code streetwatch.dispositions-0@17}
     * @param caseId  the case it named, or null
     * @return true if it is new (the caller logs it), false if it was rejected before
     */
    public boolean add(String source, String caseId, String error, long at) throws StoreException {
        try (Connection con = db.connection(); PreparedStatement ps = con.prepareStatement(
                "INSERT INTO disposition_rejects (source, received_at, case_id, error) VALUES (?,?,?,?) "
                        + "ON CONFLICT (source) DO NOTHING")) {
            ps.setString(1, source);
            ps.setLong(2, at);
            ps.setString(3, caseId);
            ps.setString(4, error);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("cannot keep the rejected disposition " + source + ": " + e.getMessage(), e);
        }
    }

    /** How many were kept. */
    public int count() throws StoreException {
        try (Connection con = db.connection();
             PreparedStatement ps = con.prepareStatement("SELECT COUNT(*) FROM disposition_rejects");
             var rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new StoreException("cannot count rejected dispositions: " + e.getMessage(), e);
        }
    }
}
