/**
 * Reviewer and operator accounts: password hashing, sessions, roles and districts, login throttling.
 */
package org.streetwatch.review.auth;
