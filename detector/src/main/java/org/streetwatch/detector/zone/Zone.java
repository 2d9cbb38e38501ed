package org.streetwatch.detector.zone;

import java.util.Map;
import org.streetwatch.config.Settings;
import org.streetwatch.violation.ZoneType;

/**
 * A region of one camera's picture with a meaning for the rules.
 *
 * @param place         a place name people recognise ("Jiefang Rd 12, north pavement")
 * @param unit          the responsible shop unit (门前三包 unit id), or null
 * @param schedule      when the zone applies (a night market's hours), {@link Schedule#ALWAYS} if always
 * @param ruleOverrides per-rule settings that override the camera's and the global ones inside this zone
 * @param grid          the command centre's unit grid cell code (单元网格) the zone lies in, or null
 * @param longitude     the zone's position for the command centre's map, with latitude, or null
 * @param motionThreshold fraction of the zone that must change for a picture to be analysed, or null for the
 *                      camera's {@code motion.threshold}
 */
public record Zone(String id, ZoneType type, Polygon polygon, String place, String unit, Schedule schedule,
                   Map<String, Settings> ruleOverrides, String grid, Double longitude, Double latitude,
                   Double motionThreshold) {

    public Zone {
        ruleOverrides = Map.copyOf(ruleOverrides);
    }

    /** A zone without grid cell or position (tests, benchmarks, the rules' own whole-picture zone). */
    public Zone(String id, ZoneType type, Polygon polygon, String place, String unit, Schedule schedule,
                Map<String, Settings> ruleOverrides) {
        this(id, type, polygon, place, unit, schedule, ruleOverrides, null, null, null, null);
    }

    /** The same zone with another outline (moved with a shifted picture). */
    public Zone withPolygon(Polygon moved) {
        return new Zone(id, type, moved, place, unit, schedule, ruleOverrides, grid, longitude, latitude,
                motionThreshold);
    }

    /** True if a point in normalised coordinates lies inside. */
    public boolean contains(double nx, double ny) {
        return polygon.contains(nx, ny);
    }

    public boolean activeAt(long wallMs) {
        return schedule.activeAt(wallMs);
    }
}
