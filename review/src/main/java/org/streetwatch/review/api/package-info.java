/**
 * The review HTTP API and page: cases, reviews, export, stats, near misses, sessions; every answer scoped to the
 * caller's role and districts.
 */
package org.streetwatch.review.api;
