package org.streetwatch.detector.inference;

import org.streetwatch.detector.Detection;
import org.streetwatch.detector.model.ModelDescriptor;

/**
 * Per class of a model: the score a detection needs to count, the lower score it is decoded down to (the tracker's
 * floor), and the kind the rules know it by.
 */
final class ClassScores {

    private final float[] thresholds;
    private final float[] decodeThresholds;
    private final String[] kinds;

    /** @param lowScore also decode detections down to this score; 0 for none */
    ClassScores(ModelDescriptor d, double lowScore) {
        int nc = d.classes().size();
        thresholds = new float[nc];
        decodeThresholds = new float[nc];
        kinds = new String[nc];
        for (int c = 0; c < nc; c++) {
            thresholds[c] = (float) d.threshold(d.classes().get(c));
            decodeThresholds[c] = lowScore > 0 ? Math.min(thresholds[c], (float) lowScore) : thresholds[c];
            kinds[c] = d.kinds().get(d.classes().get(c));
        }
    }

    boolean confident(Detection d) {
        return d.score() >= thresholds[d.classId()];
    }

    float[] decodeThresholds() {
        return decodeThresholds;
    }

    String kind(int classId) {
        return kinds[classId];
    }
}
