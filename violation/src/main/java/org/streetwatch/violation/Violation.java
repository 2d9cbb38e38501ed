package org.streetwatch.violation;

import java.util.List;
import java.util.Map;

/**
 * A confirmed violation: what happened, where, when, to whom, with the pictures that show it. The evidence store turns
 * it into a case (adding the clip cut from the camera's ring around {@code eventStartUs .. eventEndUs}).
 *
 * @param id           stable per camera, rule, zone and onset: the same footage gives the same id
 * @param onsetUs      camera time the condition started to hold
 * @param confirmUs    camera time the rule confirmed it (onset plus dwell for a stationary violation)
 * @param eventStartUs camera time the clip's event starts (the clip adds pre-roll before it)
 * @param eventEndUs   camera time the clip's event ends (the clip adds post-roll after it)
 * @param counts       objects involved, per kind (and per bike brand as {@code bicycle:meituan})
 * @param objects      the tracks involved, as "kind#id"
 * @param stills       evidence pictures, oldest first; two or more at least 10 s apart for a stationary violation
 * @param stationary   true if the violation is something standing still (vending, parked bikes)
 * @param area         where the objects stood, in normalised picture coordinates
 * @param appearance   colour signature of that area ({@link Appearance}): with {@code area}, what a rejection
 *                     suppresses
 * @param provenance   what produced it (model, settings, config, software, clock); null until the pipeline adds it
 * @param codes        how the command centre files it (event class and code, grid cell, position); null until the
 *                     pipeline adds it
 * @param measurements what the rule decided on ({@link Measurements}): a key named like one of the rule's settings is
 *                     the value that setting was held against
 */
public record Violation(String id, String cameraId, String rule, String zoneId, ZoneType zoneType, String place,
                        String unit, long onsetUs, long onsetWallMs, long confirmUs, long confirmWallMs,
                        long eventStartUs, long eventEndUs, Map<String, Integer> counts, List<String> objects,
                        List<Still> stills, boolean stationary, Box area, float[] appearance,
                        Provenance provenance, BureauCodes codes, Map<String, Double> measurements) {

    public Violation {
        measurements = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(measurements));
    }

    /** The end of a warning's id (see {@link ViolationSink#warned}): the violation that may follow has its own. */
    public static final String WARNING = "-warning";

    /** Whether a violation id is a warning's. */
    public static boolean warning(String id) {
        return id.endsWith(WARNING);
    }

    /** A violation as a rule sees it: the pipeline that runs the rule adds its provenance. */
    public Violation(String id, String cameraId, String rule, String zoneId, ZoneType zoneType, String place,
                     String unit, long onsetUs, long onsetWallMs, long confirmUs, long confirmWallMs,
                     long eventStartUs, long eventEndUs, Map<String, Integer> counts, List<String> objects,
                     List<Still> stills, boolean stationary, Box area, float[] appearance) {
        this(id, cameraId, rule, zoneId, zoneType, place, unit, onsetUs, onsetWallMs, confirmUs, confirmWallMs,
                eventStartUs, eventEndUs, counts, objects, stills, stationary, area, appearance, null, null, Map.of());
    }

    public Violation withProvenance(Provenance p) {
        return new Violation(id, cameraId, rule, zoneId, zoneType, place, unit, onsetUs, onsetWallMs, confirmUs,
                confirmWallMs, eventStartUs, eventEndUs, counts, objects, stills, stationary, area, appearance, p, codes,
                measurements);
    }

    public Violation withCodes(BureauCodes c) {
        return new Violation(id, cameraId, rule, zoneId, zoneType, place, unit, onsetUs, onsetWallMs, confirmUs,
                confirmWallMs, eventStartUs, eventEndUs, counts, objects, stills, stationary, area, appearance,
                provenance, c, measurements);
    }

    /** The same violation with what its rule measured. */
    public Violation measured(Map<String, Double> m) {
        return new Violation(id, cameraId, rule, zoneId, zoneType, place, unit, onsetUs, onsetWallMs, confirmUs,
                confirmWallMs, eventStartUs, eventEndUs, counts, objects, stills, stationary, area, appearance,
                provenance, codes, m);
    }

    /** Wall-clock milliseconds at camera time zero, as the camera's clock mapped them when the rule confirmed. */
    public long clockOffsetMs() {
        return confirmWallMs - confirmUs / 1000;
    }
}
