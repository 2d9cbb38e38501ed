package org.streetwatch.detector.rule;

import org.streetwatch.detector.analysis.Observation;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.Violation;
import org.streetwatch.violation.ViolationSink;

/**
 * One rule's state on one camera. Called on that camera's analysis thread only, one frame at a time in camera-time
 * order; reads its typed parameters ({@link RuleParams}, resolved once per load) from the observation's scene at every
 * frame, so a reloaded config applies at once.
 */
public interface Rule {

    String name();

    void evaluate(Observation o, ViolationSink sink);

    /**
     * For the re-check of a handled case: the violation as it stands in the zone in this very frame — a new one, with
     * this frame's evidence, however long it has stood — or null if it is not there. Judged the way the rule judges
     * every frame, with the zone's settings in force. Only rules that declare {@code recheck_s} are asked.
     */
    default Violation standing(Observation o, Zone zone) {
        throw new UnsupportedOperationException(name() + " has no re-check");
    }

    /** The camera's stream ended or the camera was removed: end whatever violation is open. */
    void end(ViolationSink sink);
}
