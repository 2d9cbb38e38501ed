package org.streetwatch.detector.rule;

/**
 * Where confirmed violations go (the evidence store). Called on the analysis thread of the violation's camera:
 * implementations hand the work to their own threads and return at once.
 */
public interface ViolationSink {

    void confirmed(Violation v);

    /** The violation's condition stopped holding at {@code endUs} (or its camera's stream ended). */
    void ended(Violation v, long endUs, long endWallMs);

    /** A near miss: recorded, never a case. Ignored unless the sink keeps them. */
    default void nearMiss(NearMiss m) {
    }
}
