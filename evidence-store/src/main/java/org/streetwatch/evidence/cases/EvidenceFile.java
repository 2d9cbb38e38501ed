package org.streetwatch.evidence.cases;

/**
 * One file of a case.
 *
 * @param name   file name inside the case folder
 * @param role   clip, still, still_annotated, manifest
 */
public record EvidenceFile(String name, String role, String sha256, long bytes) {
}
