package org.streetwatch.detector.rule;

import org.bytedeco.opencv.opencv_core.Mat;
import org.streetwatch.config.Settings;
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
     * @param bgr    the analysed picture
     * @param truck  the truck's box in that picture's pixels
     * @param params the muck-truck rule's settings (thresholds of the heuristic)
     */
    Verdict judge(Mat bgr, Box truck, Settings params);
}
