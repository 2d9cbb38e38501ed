package org.streetwatch.review.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.streetwatch.evidence.store.Database;
import org.streetwatch.evidence.store.StoreException;

/** The review page's users, in the case database (so that every node behind a balancer knows the same people). */
public final class Users {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}");
    /** A district: letters in any script (街道 names), digits, '_', '.', '-'; no comma, which separates them. */
    public static final Pattern DISTRICT = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_.-]{0,63}");
    private static final String COLUMNS = "name, role, password_hash, created_at, updated_at, districts";
    /** Shorter passwords are refused: the page faces a city's intranet, not just one desk. */
    public static final int MIN_PASSWORD = 10;

    private final Database db;

    public Users(Database db) {
        this.db = db;
    }

    /** Checks a user name and password against the rules; returns a problem for people, or null. */
    public static String problem(String name, char[] password) {
        if (name != null && !NAME.matcher(name).matches()) {
            return "a user name is 1-64 letters, digits, '_', '.', '@', '-', starting with a letter or digit";
        }
        if (password != null && password.length < MIN_PASSWORD) {
            return "a password has at least " + MIN_PASSWORD + " characters";
        }
        return null;
    }

    /**
     * Parses a comma-separated list of districts ("A,B"; empty: none).
     *
     * @throws IllegalArgumentException naming the district that is not one
     */
    public static Set<String> districts(String csv) {
        Set<String> out = new TreeSet<>();
        for (String d : csv.split(",")) {
            String t = d.strip();
            if (!t.isEmpty() && !DISTRICT.matcher(t).matches()) {
                throw new IllegalArgumentException("'" + t + "' is not a district: 1-64 letters, digits, '_', '.', "
                        + "'-', separated by commas");
            }
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    public void add(String name, Role role, Set<String> districts, char[] password) throws StoreException {
        check(name, password);
        long now = System.currentTimeMillis();
        try (Connection con = db.connection(); PreparedStatement ps = con.prepareStatement(
                "INSERT INTO users (" + COLUMNS + ") VALUES (?,?,?,?,?,?)")) {
            if (find(con, name).isPresent()) {
                throw new StoreException("user " + name + " already exists");
            }
            ps.setString(1, name);
            ps.setString(2, role.key());
            ps.setString(3, Passwords.hash(password));
            ps.setLong(4, now);
            ps.setLong(5, now);
            ps.setString(6, stored(districts));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot add user " + name + ": " + e.getMessage(), e);
        }
    }

    /** Sets a new password (and ends the user's sessions: they are tied to the old hash). */
    public void password(String name, char[] password) throws StoreException {
        check(name, password);
        update(name, "UPDATE users SET password_hash = ?, updated_at = ? WHERE name = ?", Passwords.hash(password));
    }

    public void role(String name, Role role) throws StoreException {
        update(name, "UPDATE users SET role = ?, updated_at = ? WHERE name = ?", role.key());
    }

    /** Sets the districts whose cases the user sees (takes effect at their next request). */
    public void districts(String name, Set<String> districts) throws StoreException {
        update(name, "UPDATE users SET districts = ?, updated_at = ? WHERE name = ?", stored(districts));
    }

    private void update(String name, String sql, String value) throws StoreException {
        try (Connection con = db.connection(); PreparedStatement ps = con.prepareStatement(sql)) {
            ps.setString(1, value);
            ps.setLong(2, System.currentTimeMillis());
            ps.setString(3, name);
            if (ps.executeUpdate() != 1) {
                throw new StoreException("no user " + name);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot change user " + name + ": " + e.getMessage(), e);
        }
    }

    public void remove(String name) throws StoreException {
        try (Connection con = db.connection(); PreparedStatement ps = con.prepareStatement(
                "DELETE FROM users WHERE name = ?")) {
            ps.setString(1, name);
            if (ps.executeUpdate() != 1) {
                throw new StoreException("no user " + name);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot remove user " + name + ": " + e.getMessage(), e);
        }
    }

    public Optional<User> find(String name) throws StoreException {
        try (Connection con = db.connection()) {
            return find(con, name);
        } catch (SQLException e) {
            throw new StoreException("cannot read users: " + e.getMessage(), e);
        }
    }

    public List<User> list() throws StoreException {
        try (Connection con = db.connection(); PreparedStatement ps = con.prepareStatement(
                "SELECT " + COLUMNS + " FROM users ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            List<User> out = new ArrayList<>();
            while (rs.next()) {
                out.add(read(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read users: " + e.getMessage(), e);
        }
    }

    private static Optional<User> find(Connection con, String name) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement(
                "SELECT " + COLUMNS + " FROM users WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static User read(ResultSet rs) throws SQLException {
        return new User(rs.getString(1), Role.of(rs.getString(2)), rs.getString(3), rs.getLong(4), rs.getLong(5),
                districts(rs.getString(6)));
    }

    private static String stored(Set<String> districts) throws StoreException {
        for (String d : districts) {
            if (!DISTRICT.matcher(d).matches()) {
                throw new StoreException("'" + d + "' is not a district");
            }
        }
        return String.join(",", new TreeSet<>(districts));
    }

    private static void check(String name, char[] password) throws StoreException {
        String p = problem(name, password);
        if (p != null) {
            throw new StoreException(p);
        }
    }
}
