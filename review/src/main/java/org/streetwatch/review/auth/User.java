package org.streetwatch.review.auth;

import java.util.Set;

/**
 * A person who may log in to the review page.
 *
 * @param districts the districts whose cases they see (an admin sees all; none: nothing)
 */
public record User(String name, Role role, String passwordHash, long createdAt, long updatedAt, Set<String> districts) {
}
