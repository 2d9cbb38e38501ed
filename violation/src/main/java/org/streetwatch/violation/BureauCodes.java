package org.streetwatch.violation;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * How the city's command centre (数字城管) files a violation: the event class and code of its classification
 * (GB/T 30428.2 style: a two-digit class, then a two-digit subclass, optionally two more digits of a local detail),
 * from the rule's event code setting in force for that camera and zone; and the zone's unit grid cell and position,
 * where the config gives them. One shape in the manifest, the case row and the API (snake_case keys).
 *
 * @param eventClass the event's class (大类): the code's first two digits
 * @param eventCode  the event's code (小类), e.g. 0501
 * @param grid       the zone's unit grid cell code (单元网格), or null
 * @param longitude  the zone's longitude in degrees (WGS-84 or as the bureau's map uses), or null
 * @param latitude   the zone's latitude in degrees, or null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BureauCodes(String eventClass, String eventCode, String grid, Double longitude, Double latitude) {
}
