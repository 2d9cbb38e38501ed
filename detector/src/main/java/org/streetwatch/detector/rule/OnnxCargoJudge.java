package org.streetwatch.detector.rule;

import ai.onnxruntime.OrtException;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.streetwatch.detector.inference.Classifier;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.detector.model.ModelException;
import org.streetwatch.violation.Box;

/**
 * A cargo judge that is an ONNX image {@link Classifier} (classes {@code covered} and {@code uncovered}, others
 * ignored): what a bureau trains on its own cameras replaces the heuristic without code. It sees the truck's box; a
 * verdict needs a probability of at least 0.6.
 */
public final class OnnxCargoJudge implements CargoJudge, AutoCloseable {

    private static final double MIN_PROBABILITY = 0.6;

    private final Classifier classifier;
    private final int covered;
    private final int uncovered;

    private OnnxCargoJudge(Classifier classifier) {
        this.classifier = classifier;
        this.covered = classifier.descriptor().classes().indexOf("covered");
        this.uncovered = classifier.descriptor().classes().indexOf("uncovered");
    }

    public static OnnxCargoJudge open(ModelDescriptor d, Path weights) throws ModelException {
        if (!d.classes().contains("covered") || !d.classes().contains("uncovered")) {
            throw new ModelException("model " + d.name() + ": a cargo judge needs classes 'covered' and 'uncovered'");
        }
        return new OnnxCargoJudge(Classifier.open(d, weights));
    }

    @Override
    public Judgement judge(Mat bgr, Box truck, Thresholds thresholds) {
        return classifier.classify(bgr, truck).map(p -> new Judgement(p[uncovered] >= MIN_PROBABILITY
                ? Verdict.UNCOVERED : p[covered] >= MIN_PROBABILITY ? Verdict.COVERED : Verdict.UNSURE,
                Map.of("p_uncovered", (double) p[uncovered], "p_covered", (double) p[covered])))
                .orElse(Judgement.UNSURE);
    }

    @Override
    public void close() throws OrtException {
        classifier.close();
    }
}
