package org.streetwatch.detector.recheck;

/**
 * A handled case whose place is to be looked at again.
 *
 * @param delayUs camera time to wait, from the first frame that sees the request, before judging
 */
public record Recheck(String caseId, String cameraId, String rule, String zone, long delayUs) {
}
