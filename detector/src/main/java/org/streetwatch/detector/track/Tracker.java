package org.streetwatch.detector.track;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.Settings;
import org.streetwatch.config.Type;
import org.streetwatch.config.Validator;
import org.streetwatch.detector.Detection;
import org.streetwatch.violation.Box;

/**
 * A tracker for one camera sampled at one frame per second or slower, where a walking person moves about a body width
 * between frames and plain IoU association breaks.
 *
 * <p>Association, per kind: predicted box (constant velocity) against detections by IoU, falling back to centre
 * distance within a gate of a box's size; matched by least total cost (Hungarian). Two passes as in ByteTrack: confident
 * detections first, then the remaining tracks against low-score detections (a person half hidden behind a stall still
 * holds on to their track); only confident detections start tracks. A track survives {@code max_missed_s} without
 * detections, so a parked bike briefly hidden by a passer-by keeps its id and its dwell clock.
 *
 * <p>Owned by its camera's analysis; not thread-safe.
 */
public final class Tracker {

    public static final String MIN_IOU = "min_iou";
    public static final String CENTER_GATE = "center_gate";
    public static final String LOW_SCORE = "low_score";
    public static final String MAX_MISSED_S = "max_missed_s";
    public static final String MAX_MISSED_MOVING_S = "max_missed_moving_s";
    public static final String STATIONARY_DRIFT = "stationary_drift";
    public static final String STATIONARY_MIN_S = "stationary_min_s";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(MIN_IOU, Type.DOUBLE, 0.2, Validator.between(0, 1),
                    "Lowest IoU between a predicted box and a detection that counts as the same object")
            .define(CENTER_GATE, Type.DOUBLE, 2.0, Validator.between(0, 10),
                    "Without overlap, the largest centre distance (in box diagonals) that still associates")
            .define(LOW_SCORE, Type.DOUBLE, 0.1, Validator.between(0, 1),
                    "Detections at or above this (but below the model's threshold) only extend existing tracks (0: off)")
            .define(MAX_MISSED_S, Type.DOUBLE, 10.0, Validator.between(0, 3600),
                    "Seconds a stationary track survives without detections (a parked bike behind a passing bus)")
            .define(MAX_MISSED_MOVING_S, Type.DOUBLE, 2.0, Validator.between(0, 3600),
                    "Seconds a moving track survives without detections (it has most likely walked away)")
            .define(STATIONARY_DRIFT, Type.DOUBLE, 0.3, Validator.between(0, 5),
                    "A track is stationary while its ground point stays within this fraction of its height")
            .define(STATIONARY_MIN_S, Type.DOUBLE, 3.0, Validator.between(0, 3600),
                    "Seconds without moving before a track counts as stationary");

    /** The tracker's settings, read from a {@link #CONFIG} parse. */
    public record Params(double minIou, double centerGate, double lowScore, long maxMissedUs, long maxMissedMovingUs,
                         double drift, long stationaryMinUs) {

        public static Params of(Settings s) {
            return new Params(s.getDouble(MIN_IOU), s.getDouble(CENTER_GATE), s.getDouble(LOW_SCORE),
                    (long) (s.getDouble(MAX_MISSED_S) * 1e6), (long) (s.getDouble(MAX_MISSED_MOVING_S) * 1e6),
                    s.getDouble(STATIONARY_DRIFT), (long) (s.getDouble(STATIONARY_MIN_S) * 1e6));
        }
    }

    private final List<Track> tracks = new ArrayList<>();
    private long nextId = 1;

    /**
     * Folds one frame's detections into the tracks. Detections without a kind are ignored; a detection is confident if
     * {@code confident.test} says so (its model's class threshold).
     */
    public List<Track> update(List<Detection> detections, java.util.function.Predicate<Detection> confident,
                              long nowUs, Params p) {
        List<Detection> high = new ArrayList<>();
        List<Detection> low = new ArrayList<>();
        for (Detection d : detections) {
            if (d.kind() == null) {
                continue;
            }
            if (confident.test(d)) {
                high.add(d);
            } else if (d.score() >= p.lowScore()) {
                low.add(d);
            }
        }
        List<Track> unmatched = new ArrayList<>(tracks);
        List<Detection> unmatchedHigh = associate(unmatched, high, nowUs, p, true);
        associate(unmatched, low, nowUs, p, false);
        for (Track t : unmatched) {
            t.miss();
        }
        tracks.removeIf(t -> nowUs - t.lastSeenUs() > (t.stationary(t.lastSeenUs(), p.stationaryMinUs())
                ? p.maxMissedUs() : p.maxMissedMovingUs()));
        for (Detection d : unmatchedHigh) {
            tracks.add(new Track(nextId++, d.kind(), d.label(), d.box(), d.score(), nowUs));
        }
        return Collections.unmodifiableList(tracks);
    }

    /** Matches optimally; removes matched tracks from {@code open}; returns the detections left over. */
    private static List<Detection> associate(List<Track> open, List<Detection> dets, long nowUs, Params p,
                                             boolean allowDistance) {
        List<double[]> pairs = new ArrayList<>(); // cost, track index, detection index
        for (int ti = 0; ti < open.size(); ti++) {
            Track t = open.get(ti);
            Box pred = t.predict(nowUs);
            for (int di = 0; di < dets.size(); di++) {
                Detection d = dets.get(di);
                if (!d.kind().equals(t.kind())) {
                    continue;
                }
                double iou = pred.iou(d.box());
                double cost;
                if (iou >= p.minIou()) {
                    cost = 1 - iou;
                } else if (allowDistance) {
                    double diag = Math.hypot(pred.width() + d.box().width(), pred.height() + d.box().height()) / 2;
                    double dist = Math.hypot(pred.centerX() - d.box().centerX(), pred.centerY() - d.box().centerY());
                    if (diag <= 0 || dist > p.centerGate() * diag) {
                        continue;
                    }
                    cost = 1 + dist / diag; // any overlap beats any distance
                } else {
                    continue;
                }
                pairs.add(new double[] {cost, ti, di});
            }
        }
        boolean[] trackUsed = new boolean[open.size()];
        boolean[] detUsed = new boolean[dets.size()];
        if (!pairs.isEmpty()) {
            // optimal assignment (least total cost) over the gated pairs; ungated pairs cost more than any real one
            int n = Math.max(open.size(), dets.size());
            long[][] cost = new long[n][n];
            long forbidden = 1_000_000_000L;
            for (long[] row : cost) {
                java.util.Arrays.fill(row, forbidden);
            }
            for (double[] pr : pairs) {
                cost[(int) pr[1]][(int) pr[2]] = (long) (pr[0] * 1_000_000);
            }
            int[] assign = Hungarian.solve(cost);
            for (int ti = 0; ti < open.size(); ti++) {
                int di = assign[ti];
                if (di < dets.size() && cost[ti][di] < forbidden) {
                    trackUsed[ti] = true;
                    detUsed[di] = true;
                    Detection d = dets.get(di);
                    open.get(ti).update(d.box(), d.score(), nowUs, p.drift());
                }
            }
        }
        List<Track> stillOpen = new ArrayList<>();
        for (int i = 0; i < open.size(); i++) {
            if (!trackUsed[i]) {
                stillOpen.add(open.get(i));
            }
        }
        open.clear();
        open.addAll(stillOpen);
        List<Detection> left = new ArrayList<>();
        for (int i = 0; i < dets.size(); i++) {
            if (!detUsed[i]) {
                left.add(dets.get(i));
            }
        }
        return left;
    }

    public List<Track> tracks() {
        return Collections.unmodifiableList(tracks);
    }
}
