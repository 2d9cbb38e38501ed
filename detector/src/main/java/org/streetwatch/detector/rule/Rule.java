package org.streetwatch.detector.rule;

import org.streetwatch.detector.analysis.Observation;

/**
 * One rule's state on one camera. Called on that camera's analysis thread only, one frame at a time in camera-time
 * order; reads its thresholds from the observation's scene at every frame, so a reloaded config applies at once.
 */
public interface Rule {

    String name();

    void evaluate(Observation o, ViolationSink sink);

    /** The camera's stream ended or the camera was removed: end whatever violation is open. */
    void end(ViolationSink sink);
}
