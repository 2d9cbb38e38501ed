package org.streetwatch.violation;

import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * What produced a violation, so that its case can be reproduced and questioned: the model and its weights, the
 * rule's settings in force for that camera and zone, the config, the software, and how the camera's clock was read.
 * One shape: the manifest, the case row, the API and the export all carry this record as it is (snake_case keys).
 *
 * @param model           the detection model's name (its descriptor)
 * @param modelSha256     SHA-256 of the model's weights file
 * @param parameters      the rule's settings for that camera and zone (global, camera and zone overrides applied)
 * @param configSha256    SHA-256 of the config file in force
 * @param softwareVersion streetwatch's version
 * @param clockOffsetMs   wall-clock milliseconds at camera time zero: wall time minus stream time at confirmation
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Provenance(String model, String modelSha256, Map<String, Object> parameters, String configSha256,
                         String softwareVersion, long clockOffsetMs) {

    public Provenance {
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    }
}
