package org.streetwatch.evidence.tuning;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.nearmiss.NearMisses;
import org.streetwatch.evidence.store.CaseQuery;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.StoreException;

/**
 * The decided cases and near misses a tuning reads, per rule, camera and zone, from the case database. A case counts
 * once a reviewer decided it: rejected, or confirmed (whatever came after, such as its export). Cases recorded before
 * cases kept their measurements are left out: nothing says what their rule measured.
 */
public final class History {

    /** Where a threshold applies: one rule in one camera's zone. */
    public record Place(String rule, String camera, String zone) implements Comparable<Place> {

        @Override
        public int compareTo(Place o) {
            return java.util.Comparator.comparing(Place::rule).thenComparing(Place::camera)
                    .thenComparing(Place::zone).compare(this, o);
        }
    }

    /** One place's history. */
    public record Events(List<Tuning.Decided> decided, List<Map<String, Double>> nearMisses) {

        public int confirmed() {
            return (int) decided.stream().filter(Tuning.Decided::confirmed).count();
        }
    }

    /** What to read: null fields read all; {@code districts} null for every district, empty for none. */
    public record Filter(String rule, String camera, String zone, Set<String> districts) {
    }

    private History() {
    }

    public static Map<Place, Events> read(CaseStore store, NearMisses nearMisses, Filter f) throws StoreException {
        Map<Place, Events> out = new TreeMap<>();
        for (int offset = 0; ; offset += CaseQuery.MAX_LIMIT) {
            List<Case> page = store.list(new CaseQuery(null, f.camera(), f.rule(), null, null, CaseQuery.MAX_LIMIT,
                    offset, true, f.districts()));
            for (Case c : page) {
                if (c.review().reviewedAt() != null && c.review().status() != CaseStatus.PENDING
                        && c.what().measurements() != null
                        && (f.zone() == null || f.zone().equals(c.where().zone()))) {
                    events(out, new Place(c.what().rule(), c.where().camera(), c.where().zone())).decided()
                            .add(new Tuning.Decided(c.review().status() != CaseStatus.REJECTED, measured(c)));
                }
            }
            if (page.size() < CaseQuery.MAX_LIMIT) {
                break;
            }
        }
        for (NearMisses.Row m : nearMisses.list(f.districts(), f.camera(), f.rule(), Integer.MAX_VALUE)) {
            if (f.zone() == null || f.zone().equals(m.zone())) {
                events(out, new Place(m.rule(), m.camera(), m.zone())).nearMisses().add(m.measurements());
            }
        }
        return out;
    }

    /**
     * What the case's rule measured; a stationary violation's {@code dwell_s} as long as it lasted, not only until it
     * was confirmed: a longer dwell would still have caught a stall that stood on.
     */
    static Map<String, Double> measured(Case c) {
        Double dwell = c.what().measurements().get("dwell_s");
        if (dwell == null || c.when().endedAt() == null) {
            return c.what().measurements();
        }
        Map<String, Double> m = new TreeMap<>(c.what().measurements());
        m.put("dwell_s", Math.max(dwell, (c.when().endedAt() - c.when().onsetAt()) / 1000.0));
        return m;
    }

    private static Events events(Map<Place, Events> out, Place p) {
        return out.computeIfAbsent(p, k -> new Events(new ArrayList<>(), new ArrayList<>()));
    }
}
