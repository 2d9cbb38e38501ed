/**
 * What comes back from the command centre (数字城管): dispositions — a case dispatched to a street team, then handled —
 * read from a Kafka topic or received from a platform's callback, each applied exactly once by case and step to the
 * case's status, audited and signed like any other change. Records that cannot be applied are kept once and skipped.
 */
package org.streetwatch.evidence.disposition;
