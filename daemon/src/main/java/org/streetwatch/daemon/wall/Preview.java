package org.streetwatch.daemon.wall;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.streetwatch.detector.analysis.Scene;
import org.streetwatch.detector.live.RecentTracks;
import org.streetwatch.detector.rule.MisparkedBikesRule;
import org.streetwatch.detector.rule.StationaryGroupRule.GroupParams;
import org.streetwatch.detector.rule.StreetVendingRule;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.ZoneType;

/**
 * The last minutes of a camera's tracks replayed against zones being edited: which objects would have stood inside
 * each zone, and whether a stationary rule would have fired there (its dwell from when the objects settled, its
 * second still {@code snapshot_gap_s} after the first, gaps up to {@code merge_s}). The stationary rules' conditions
 * are replayed from the tracks kept in memory (kinds, stationary time, ground point); the rules that also judge the
 * picture (waste water, uncovered trucks) and zone schedules are not replayed, and the preview says so.
 */
final class Preview {

    private Preview() {
    }

    static Map<String, Object> of(List<RecentTracks.Sample> samples, List<Zone> zones, Scene scene) {
        List<Zone> masks = zones.stream().filter(z -> z.type() == ZoneType.MASK).toList();
        double minStillS = scene.tracker().stationaryMinUs() / 1e6;
        List<Map<String, Object>> out = new ArrayList<>();
        for (Zone z : zones) {
            Map<String, Set<Long>> inside = new TreeMap<>();
            GroupParams p = params(scene, z);
            double longest = 0;
            boolean fires = false;
            long onsetUs = 0;
            long firstUs = 0;
            Long lastHeldUs = null;
            for (RecentTracks.Sample s : samples) {
                int persons = 0;
                int props = 0;
                int bikes = 0;
                long settledUs = s.ptsUs(); // when the earliest of the group's objects settled
                for (RecentTracks.Seen o : s.objects()) {
                    if (z.type() == ZoneType.MASK || masked(o, masks) || !z.contains(o.groundX(), o.groundY())) {
                        continue;
                    }
                    inside.computeIfAbsent(o.kind(), k -> new HashSet<>()).add(o.trackId());
                    if (o.stationaryS() >= minStillS && !allowed(o, zones, p, s.wallMs())) {
                        boolean person = o.kind().equals("person");
                        boolean prop = p instanceof StreetVendingRule.Params v && v.propKinds().contains(o.kind());
                        boolean bike = o.kind().equals("bicycle");
                        persons += person ? 1 : 0;
                        props += prop ? 1 : 0;
                        bikes += bike ? 1 : 0;
                        if (p instanceof StreetVendingRule.Params ? person || prop : bike) {
                            settledUs = Math.min(settledUs, s.ptsUs() - Math.round(o.stationaryS() * 1e6));
                        }
                    }
                }
                if (p == null) {
                    continue;
                }
                boolean group = p instanceof StreetVendingRule.Params v
                        ? persons >= v.minPersons() && props >= v.minProps() && persons + props > 0
                        : bikes >= ((MisparkedBikesRule.Params) p).minBikes();
                if (group) {
                    // as the rule: a group back within merge_s is the same one, its dwell counted from when its
                    // objects settled, confirmed at a picture snapshot_gap_s after the group's first
                    if (lastHeldUs == null || s.ptsUs() - lastHeldUs > p.common().mergeUs()) {
                        onsetUs = settledUs;
                        firstUs = s.ptsUs();
                    }
                    lastHeldUs = s.ptsUs();
                    longest = Math.max(longest, (s.ptsUs() - onsetUs) / 1e6);
                    fires |= s.ptsUs() - onsetUs >= p.common().dwellUs()
                            && s.ptsUs() - firstUs >= p.common().snapshotGapUs();
                }
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", z.id());
            m.put("type", z.type().key());
            Map<String, Integer> counts = new TreeMap<>();
            inside.forEach((k, ids) -> counts.put(k, ids.size()));
            m.put("objects", counts);
            Double dwellS = p == null ? null : p.common().dwellUs() / 1e6;
            m.put("rule", p == null ? null : z.type() == ZoneType.NO_VENDING ? StreetVendingRule.NAME
                    : MisparkedBikesRule.NAME);
            m.put("dwell_s", dwellS);
            m.put("longest_s", p == null ? null : longest);
            m.put("fires", fires);
            out.add(m);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("samples", samples.size());
        result.put("from", samples.isEmpty() ? null : samples.get(0).wallMs());
        result.put("to", samples.isEmpty() ? null : samples.get(samples.size() - 1).wallMs());
        result.put("zones", out);
        result.put("latest", samples.isEmpty() ? List.of() : latest(samples.get(samples.size() - 1), zones, masks));
        return result;
    }

    /** The zone's stationary rule in force (street vending, or bikes), or null if it has none or it is off. */
    private static GroupParams params(Scene scene, Zone z) {
        if (z.type() == ZoneType.NO_VENDING && scene.enabled(StreetVendingRule.NAME)) {
            return scene.params(StreetVendingRule.TYPE, z);
        }
        if (z.type() == ZoneType.NO_BIKE_PARKING && scene.enabled(MisparkedBikesRule.NAME)) {
            return scene.params(MisparkedBikesRule.TYPE, z);
        }
        return null;
    }

    /** The last sample's objects with the zones each stands in, to draw over the picture. */
    private static List<Map<String, Object>> latest(RecentTracks.Sample s, List<Zone> zones, List<Zone> masks) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RecentTracks.Seen o : s.objects()) {
            List<String> in = new ArrayList<>();
            for (Zone z : zones) {
                if (z.type() != ZoneType.MASK && !masked(o, masks) && z.contains(o.groundX(), o.groundY())) {
                    in.add(z.id());
                }
            }
            out.add(Map.of("id", o.trackId(), "kind", o.kind(), "box", List.of(o.x1(), o.y1(), o.x2(), o.y2()),
                    "inside", in));
        }
        return out;
    }

    /** True if the object stands where the rule allows it now: a night market's hours, a bike bay. */
    private static boolean allowed(RecentTracks.Seen o, List<Zone> zones, GroupParams p, long wallMs) {
        if (p == null) {
            return false;
        }
        ZoneType allows = p instanceof StreetVendingRule.Params ? ZoneType.VENDING_ALLOWED : ZoneType.BIKE_PARKING;
        for (Zone a : zones) {
            if (a.type() == allows && a.activeAt(wallMs) && a.contains(o.groundX(), o.groundY())) {
                return true;
            }
        }
        return false;
    }

    private static boolean masked(RecentTracks.Seen o, List<Zone> masks) {
        for (Zone m : masks) {
            if (m.contains(o.groundX(), o.groundY())) {
                return true;
            }
        }
        return false;
    }
}
