package org.streetwatch.evidence.auth;

/** A person who may log in to the review page. */
public record User(String name, Role role, String passwordHash, long createdAt, long updatedAt) {
}
