package org.streetwatch.evidence.auth;

/**
 * A logged-in person. The cookie carries a random token; the server keeps only its hash.
 *
 * @param csrf         the token every changing request must echo in {@code X-CSRF-Token}
 * @param passwordHash the user's hash at login: a new password (or a removed user) ends the session
 */
public record Session(String user, Role role, String csrf, String passwordHash, long createdAt, long lastSeen) {
}
