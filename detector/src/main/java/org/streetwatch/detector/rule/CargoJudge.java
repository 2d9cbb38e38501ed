package org.streetwatch.detector.rule;

import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.streetwatch.violation.Box;

/**
 * Decides whether a truck's load is covered. The built-in heuristic looks at texture and colour of the cargo area; an
 * ONNX classifier trained on the bureau's own cameras can replace it by a descriptor. Implementations are thread-safe.
 */
public interface CargoJudge {

    String HEURISTIC = "heuristic";

    enum Verdict {
        COVERED,
        UNCOVERED,
        UNSURE
    }

    /**
     * A verdict and what the judge measured to reach it (the heuristic's colour shares and texture, a classifier's
     * probabilities), named so a case can carry their means.
     *
     * @param textureOnly reached on texture alone, the load's colour unseen (a dark scene): one weak clue, which the
     *                    rule does not add to another (a vehicle that is a truck only by its box's shape)
     */
    record Judgement(Verdict verdict, boolean textureOnly, Map<String, Double> measured) {

        public static final Judgement UNSURE = new Judgement(Verdict.UNSURE, Map.of());

        public Judgement {
            measured = Map.copyOf(measured);
        }

        /** A judgement on all the judge looks at. */
        public Judgement(Verdict verdict, Map<String, Double> measured) {
            this(verdict, false, measured);
        }
    }

    /** The muck-truck rule's thresholds of the heuristic judge (see the rule's settings of the same names). */
    record Thresholds(double earthMin, double coverMin, double textureMin, boolean normaliseLight,
                      double roughnessMin) {
    }

    /**
     * @param bgr        the analysed picture
     * @param truck      the truck's box in that picture's pixels
     * @param thresholds the muck-truck rule's thresholds in force (the heuristic's)
     */
    Judgement judge(Mat bgr, Box truck, Thresholds thresholds);
}
