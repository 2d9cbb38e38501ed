package org.streetwatch.detector.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.streetwatch.detector.track.Hungarian;
import org.streetwatch.violation.Box;

/**
 * CLEAR-MOT accuracy (MOTA) and identity F1 (IDF1) of tracks against ground truth, at IoU >= 0.5.
 *
 * <p>MOTA: per frame, a ground-truth object keeps its previous track if they still overlap; the rest are matched
 * greedily; an identity switch is a ground-truth object matched to a different track than last time.
 * MOTA = 1 - (misses + false positives + switches) / ground-truth objects. IDF1: one global one-to-one assignment of
 * ground-truth identities to track identities maximising the frames where they coincide (Hungarian algorithm);
 * IDF1 = 2 IDTP / (2 IDTP + IDFP + IDFN).
 */
public final class TrackingScore {

    /** One output track box. */
    public record TrackBox(long id, Box box) {
    }

    private long truthTotal;
    private long predictedTotal;
    private long misses;
    private long falsePositives;
    private long switches;
    private final Map<Integer, Long> lastTrackOf = new HashMap<>();
    private final Map<Integer, Map<Long, Integer>> coincide = new HashMap<>();

    public void add(List<TrackBox> tracks, List<GroundTruth.Object> truth) {
        truthTotal += truth.size();
        predictedTotal += tracks.size();
        List<Box> tb = new ArrayList<>();
        for (TrackBox t : tracks) {
            tb.add(t.box());
        }
        List<Box> gb = new ArrayList<>();
        for (GroundTruth.Object g : truth) {
            gb.add(g.box());
        }
        // identity counts for IDF1: every pair that overlaps in this frame (the global assignment picks among them)
        for (int t = 0; t < tb.size(); t++) {
            for (int g = 0; g < gb.size(); g++) {
                if (tb.get(t).iou(gb.get(g)) >= 0.5) {
                    coincide.computeIfAbsent(truth.get(g).id(), k -> new HashMap<>())
                            .merge(tracks.get(t).id(), 1, Integer::sum);
                }
            }
        }
        boolean[] usedT = new boolean[tracks.size()];
        boolean[] usedG = new boolean[truth.size()];
        Map<Integer, Long> now = new HashMap<>();
        for (int g = 0; g < truth.size(); g++) {
            Long prev = lastTrackOf.get(truth.get(g).id());
            if (prev == null) {
                continue;
            }
            for (int t = 0; t < tracks.size(); t++) {
                if (!usedT[t] && tracks.get(t).id() == prev && tb.get(t).iou(gb.get(g)) >= 0.5) {
                    usedT[t] = true;
                    usedG[g] = true;
                    now.put(truth.get(g).id(), prev);
                    break;
                }
            }
        }
        List<Box> restT = new ArrayList<>();
        List<Integer> restTi = new ArrayList<>();
        for (int t = 0; t < tracks.size(); t++) {
            if (!usedT[t]) {
                restT.add(tb.get(t));
                restTi.add(t);
            }
        }
        List<Box> restG = new ArrayList<>();
        List<Integer> restGi = new ArrayList<>();
        for (int g = 0; g < truth.size(); g++) {
            if (!usedG[g]) {
                restG.add(gb.get(g));
                restGi.add(g);
            }
        }
        for (Matching.Pair p : Matching.greedy(restT, restG, 0.5)) {
            int t = restTi.get(p.predicted());
            int g = restGi.get(p.truth());
            usedT[t] = true;
            usedG[g] = true;
            int gid = truth.get(g).id();
            long tid = tracks.get(t).id();
            Long prev = lastTrackOf.get(gid);
            if (prev != null && prev != tid) {
                switches++;
            }
            now.put(gid, tid);
        }
        for (boolean u : usedT) {
            if (!u) {
                falsePositives++;
            }
        }
        for (boolean u : usedG) {
            if (!u) {
                misses++;
            }
        }
        lastTrackOf.putAll(now);
    }

    public double mota() {
        return truthTotal == 0 ? 0 : 1.0 - (double) (misses + falsePositives + switches) / truthTotal;
    }

    public long switches() {
        return switches;
    }

    public double idf1() {
        List<Integer> gids = new ArrayList<>(coincide.keySet());
        List<Long> tids = new ArrayList<>();
        for (Map<Long, Integer> m : coincide.values()) {
            for (Long t : m.keySet()) {
                if (!tids.contains(t)) {
                    tids.add(t);
                }
            }
        }
        int n = Math.max(gids.size(), tids.size());
        if (n == 0) {
            return 0;
        }
        long[][] cost = new long[n][n];
        long max = 0;
        for (int i = 0; i < gids.size(); i++) {
            Map<Long, Integer> m = coincide.get(gids.get(i));
            for (int j = 0; j < tids.size(); j++) {
                cost[i][j] = m.getOrDefault(tids.get(j), 0);
                max = Math.max(max, cost[i][j]);
            }
        }
        for (long[] row : cost) {
            for (int j = 0; j < n; j++) {
                row[j] = max - row[j]; // maximise coincidences = minimise their complement
            }
        }
        int[] assign = Hungarian.solve(cost);
        long idtp = 0;
        for (int i = 0; i < gids.size(); i++) {
            int j = assign[i];
            if (j >= 0 && j < tids.size()) {
                idtp += coincide.get(gids.get(i)).getOrDefault(tids.get(j), 0);
            }
        }
        long idfp = predictedTotal - idtp;
        long idfn = truthTotal - idtp;
        return 2.0 * idtp / (2.0 * idtp + idfp + idfn);
    }
}
