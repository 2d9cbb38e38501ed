package org.streetwatch.detector.rule;

import org.streetwatch.config.Validator;
import org.streetwatch.detector.zone.Zone;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * How the city's command centre (数字城管) files a violation: the event class and code of its classification
 * (GB/T 30428.2 style: a two-digit class, then a two-digit subclass, optionally two more digits of a local detail),
 * from the rule's {@code event_code} setting in force for that camera and zone; and the zone's unit grid cell and
 * position, where the config gives them. One shape in the manifest, the case row and the API (snake_case keys).
 *
 * @param eventClass the event's class (大类): the code's first two digits
 * @param eventCode  the event's code (小类), e.g. 0501
 * @param grid       the zone's unit grid cell code (单元网格), or null
 * @param longitude  the zone's longitude in degrees (WGS-84 or as the bureau's map uses), or null
 * @param latitude   the zone's latitude in degrees, or null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BureauCodes(String eventClass, String eventCode, String grid, Double longitude, Double latitude) {

    /** The setting every rule declares: its event code, overridable per camera and zone like its other settings. */
    public static final String SETTING = "event_code";

    public static final Validator CODE_FORMAT = Validator.matches("\\d{4}(\\d{2})?",
            "4 digits (class + subclass, e.g. 0501), or 6 with a local detail class");

    /**
     * What {@link #SETTING} means, with what its default stands for. The defaults follow GB/T 30428.2's layout but are
     * placeholders: a deployment replaces them with its bureau's own table.
     */
    public static String doc(String defaultMeaning) {
        return "Command centre (数字城管) event code, GB/T 30428.2 style; the default (" + defaultMeaning
                + ") is a placeholder for the bureau's own table";
    }

    /** The codes of a violation whose rule's settings in force say {@code code}, in {@code zone} (or none). */
    public static BureauCodes of(String code, Zone zone) {
        return zone == null ? new BureauCodes(code.substring(0, 2), code, null, null, null)
                : new BureauCodes(code.substring(0, 2), code, zone.grid(), zone.longitude(), zone.latitude());
    }
}
