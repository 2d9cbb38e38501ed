package org.streetwatch.detector.recheck;

import java.util.List;
import org.streetwatch.violation.Still;
import org.streetwatch.violation.Violation;

/**
 * What the re-check saw.
 *
 * @param stills   the "after" pictures of the zone, one per frame judged, the violation boxed where it stood
 * @param standing the violation as it stood in the last frame judged — a new one, with that frame's evidence — or null
 *                 if it is gone
 */
public record Finding(Recheck recheck, List<Still> stills, Violation standing) {

    public boolean gone() {
        return standing == null;
    }
}
