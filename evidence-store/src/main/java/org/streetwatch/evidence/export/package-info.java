/**
 * Sending confirmed cases to the command centre exactly once: the CaseReport shape and its sinks (folder, Kafka,
 * webhook).
 */
package org.streetwatch.evidence.export;
