package org.streetwatch.detector.rule;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.streetwatch.detector.track.Track;

/**
 * What a rule measured when it decided, kept with the case or near miss so that a threshold can be tuned from
 * reviewers' decisions. A measurement named like one of the rule's settings is the value that setting was held
 * against, and the rule asks for at least the setting (a case with {@code min_bikes: 5} would still have been one with
 * the setting at 5, not at 6); other names ({@code score_min}, {@code judged}) only describe. Ordered by name, so the
 * manifest reads the same every time.
 */
public final class Measurements {

    private final Map<String, Double> values = new TreeMap<>();

    public Measurements put(String name, double value) {
        values.put(name, Math.round(value * 1000) / 1000.0); // a manifest need not carry float noise
        return this;
    }

    /** Seconds between two camera times. */
    public Measurements seconds(String name, long fromUs, long toUs) {
        return put(name, (toUs - fromUs) / 1e6);
    }

    /** The lowest and mean detection score of the objects the rule counted. */
    public Measurements scores(Collection<Track> tracks) {
        if (!tracks.isEmpty()) {
            put("score_min", tracks.stream().mapToDouble(Track::score).min().orElse(0));
            put("score_mean", tracks.stream().mapToDouble(Track::score).average().orElse(0));
        }
        return this;
    }

    public Map<String, Double> toMap() {
        return java.util.Collections.unmodifiableMap(new TreeMap<>(values));
    }
}
