package org.streetwatch.detector.eval;

import java.util.List;
import org.streetwatch.violation.Box;

/** Precision and recall of detections against ground truth, frame by frame, at IoU >= 0.5 (greedy matching). */
public final class DetectionScore {

    private long tp;
    private long fp;
    private long fn;

    public void add(List<Box> predicted, List<Box> truth) {
        int matched = Matching.greedy(predicted, truth, 0.5).size();
        tp += matched;
        fp += predicted.size() - matched;
        fn += truth.size() - matched;
    }

    public double precision() {
        return tp + fp == 0 ? 0 : (double) tp / (tp + fp);
    }

    public double recall() {
        return tp + fn == 0 ? 0 : (double) tp / (tp + fn);
    }

    public long tp() {
        return tp;
    }

    public long fp() {
        return fp;
    }

    public long fn() {
        return fn;
    }
}
