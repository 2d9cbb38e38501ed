package org.streetwatch.violation;

/**
 * Where confirmed violations go (the evidence store). Called on the analysis thread of the violation's camera:
 * implementations hand the work to their own threads and return at once.
 */
public interface ViolationSink {

    void confirmed(Violation v);

    /**
     * A first sighting in a zone whose responsible unit has a grace period ({@code grace_s}): a warning to the unit,
     * recorded and exported as such; a violation follows only if it is still there when the grace period is over.
     */
    void warned(Violation v);

    /** The violation's condition stopped holding at {@code endUs} (or its camera's stream ended). */
    void ended(Violation v, long endUs, long endWallMs);

    /** A near miss: recorded, never a case. Ignored unless the sink keeps them. */
    default void nearMiss(NearMiss m) {
    }
}
