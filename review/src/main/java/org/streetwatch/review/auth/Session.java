package org.streetwatch.review.auth;

import java.util.Set;

/**
 * A logged-in person. The cookie carries a random token; the server keeps only its hash.
 *
 * @param csrf         the token every changing request must echo in {@code X-CSRF-Token}
 * @param passwordHash the user's hash at login: a new password (or a removed user) ends the session
 * @param districts    the districts whose cases and cameras they see, as of their last request
 */
public record Session(String user, Role role, String csrf, String passwordHash, long createdAt, long lastSeen,
                      Set<String> districts) {

    /** Whether this person sees what belongs to {@code district} (null: a case recorded before districts). */
    public boolean sees(String district) {
        return role == Role.ADMIN || district != null && districts.contains(district);
    }

    /** The districts a query is limited to, or null for all (an admin). */
    public Set<String> scope() {
        return role == Role.ADMIN ? null : districts;
    }
}
