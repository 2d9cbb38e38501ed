package org.streetwatch.detector.eval;

import java.util.ArrayList;
import java.util.List;
import org.streetwatch.violation.Box;

/** Greedy one-to-one matching of predicted boxes to ground-truth boxes: highest IoU first, at least {@code minIou}. */
final class Matching {

    /** Indices of matched pairs. */
    record Pair(int predicted, int truth, double iou) {
    }

    private Matching() {
    }

    static List<Pair> greedy(List<Box> predicted, List<Box> truth, double minIou) {
        List<Pair> candidates = new ArrayList<>();
        for (int p = 0; p < predicted.size(); p++) {
            for (int t = 0; t < truth.size(); t++) {
                double iou = predicted.get(p).iou(truth.get(t));
                if (iou >= minIou) {
                    candidates.add(new Pair(p, t, iou));
                }
            }
        }
        candidates.sort((a, b) -> Double.compare(b.iou(), a.iou()));
        boolean[] usedP = new boolean[predicted.size()];
        boolean[] usedT = new boolean[truth.size()];
        List<Pair> out = new ArrayList<>();
        for (Pair c : candidates) {
            if (!usedP[c.predicted()] && !usedT[c.truth()]) {
                usedP[c.predicted()] = true;
                usedT[c.truth()] = true;
                out.add(c);
            }
        }
        return out;
    }
}
