package org.streetwatch.detector.rule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.Settings;
import org.streetwatch.config.Type;
import org.streetwatch.config.Validator;
import org.streetwatch.detector.analysis.Observation;
import org.streetwatch.detector.track.Track;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.detector.zone.ZoneType;

/**
 * The life of a violation made of objects that stay put in a zone (a stall, a heap of parked bikes): a group forms, is
 * watched for {@code dwell_s}, is confirmed, and ends when it has been gone for {@code clear_s}.
 *
 * <p>Evidence follows traffic-evidence practice: a picture when the group forms and one at confirmation, at least
 * {@code snapshot_gap_s} apart, so a reviewer sees the same objects in the same place twice. One candidate per zone:
 * one open violation per camera, rule and zone.
 */
public abstract class StationaryGroupRule implements Rule {

    /** Adds the settings every stationary rule has. */
    protected static ConfigDef common(double dwellDefault) {
        return new ConfigDef()
                .define("enabled", Type.BOOLEAN, true, "Whether the rule runs")
                .define("dwell_s", Type.DOUBLE, dwellDefault, Validator.between(0, 86_400),
                        "Seconds the objects must stay before the violation is confirmed")
                .define("clear_s", Type.DOUBLE, 20.0, Validator.between(0, 3600),
                        "Seconds the objects may be missing before the violation counts as ended")
                .define("snapshot_gap_s", Type.DOUBLE, 10.0, Validator.between(10, 3600),
                        "Least time between the first and the confirming snapshot (evidence practice: 10 s)");
    }

    /** A group that may become a violation. */
    private static final class Candidate {
        final long onsetUs;
        final long onsetWallMs;
        final Still first;
        long lastSeenUs;
        Violation confirmed;

        Candidate(long onsetUs, long onsetWallMs, Still first, long nowUs) {
            this.onsetUs = onsetUs;
            this.onsetWallMs = onsetWallMs;
            this.first = first;
            this.lastSeenUs = nowUs;
        }
    }

    private final String cameraId;
    private final Map<String, Candidate> candidates = new HashMap<>();

    protected StationaryGroupRule(String cameraId) {
        this.cameraId = cameraId;
    }

    /** The zones this rule watches. */
    protected abstract ZoneType watches();

    /**
     * The group that currently satisfies the rule in the zone, or an empty list if the condition does not hold.
     */
    protected abstract List<Track> group(Observation o, Zone zone, Settings params);

    /** Counts per kind (and finer, e.g. per bike brand) for the case. */
    protected Map<String, Integer> counts(List<Track> group) {
        Map<String, Integer> out = new TreeMap<>();
        for (Track t : group) {
            out.merge(t.kind(), 1, Integer::sum);
        }
        return out;
    }

    @Override
    public void evaluate(Observation o, ViolationSink sink) {
        if (!o.scene().enabled(name())) {
            return;
        }
        long now = o.nowUs();
        for (Zone zone : o.scene().zones(watches())) {
            Settings p = o.scene().params(name(), zone);
            List<Track> group = zone.activeAt(o.wallMs()) ? group(o, zone, p) : List.of();
            Candidate c = candidates.get(zone.id());
            if (!group.isEmpty()) {
                if (c == null) {
                    long onset = now;
                    for (Track t : group) {
                        onset = Math.min(onset, t.stationarySinceUs());
                    }
                    c = new Candidate(onset, o.wallMs(onset), o.still(group, zone), now);
                    candidates.put(zone.id(), c);
                }
                c.lastSeenUs = now;
                long dwellUs = (long) (p.getDouble("dwell_s") * 1e6);
                long gapUs = (long) (p.getDouble("snapshot_gap_s") * 1e6);
                if (c.confirmed == null && now - c.onsetUs >= dwellUs && now - c.first.ptsUs() >= gapUs) {
                    c.confirmed = violation(o, zone, c, group);
                    sink.confirmed(c.confirmed);
                }
            } else if (c != null && now - c.lastSeenUs > (long) (p.getDouble("clear_s") * 1e6)) {
                candidates.remove(zone.id());
                if (c.confirmed != null) {
                    sink.ended(c.confirmed, c.lastSeenUs, wallOf(c.confirmed, c.lastSeenUs));
                }
            }
        }
        candidates.keySet().removeIf(id -> o.scene().zones().stream().noneMatch(z -> z.id().equals(id)));
    }

    private Violation violation(Observation o, Zone zone, Candidate c, List<Track> group) {
        long now = o.nowUs();
        List<String> objects = new ArrayList<>();
        for (Track t : group) {
            objects.add(t.toString());
        }
        Map<String, Integer> counts = new LinkedHashMap<>(counts(group));
        String id = cameraId + "-" + name() + "-" + zone.id() + "-" + c.onsetUs;
        return new Violation(id, cameraId, name(), zone.id(), zone.type(), zone.place(), zone.unit(), c.onsetUs,
                c.onsetWallMs, now, o.wallMs(), now, now, counts, List.copyOf(objects),
                List.of(c.first, o.still(group, zone)), true);
    }

    private static long wallOf(Violation v, long cameraUs) {
        return v.confirmWallMs() + (cameraUs - v.confirmUs()) / 1000;
    }

    @Override
    public void end(ViolationSink sink) {
        for (Candidate c : candidates.values()) {
            if (c.confirmed != null) {
                sink.ended(c.confirmed, c.lastSeenUs, wallOf(c.confirmed, c.lastSeenUs));
            }
        }
        candidates.clear();
    }
}
