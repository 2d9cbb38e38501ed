/**
 * Tamper evidence: Ed25519 signatures on manifests, the hash-chained case log, and the verifier that names every
 * edit.
 */
package org.streetwatch.evidence.integrity;
