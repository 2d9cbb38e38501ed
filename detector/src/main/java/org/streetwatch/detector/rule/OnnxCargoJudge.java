package org.streetwatch.detector.rule;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.streetwatch.config.Settings;
import org.streetwatch.detector.Box;
import org.streetwatch.detector.inference.Preprocessor;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.detector.model.ModelException;

/**
 * A cargo judge that is an ONNX image classifier (classes {@code covered} and {@code uncovered}, others ignored),
 * given by a descriptor with {@code decoder: classifier}: what a bureau trains on its own cameras replaces the
 * heuristic without code. It sees the truck's box; a verdict needs a probability of at least 0.6.
 */
public final class OnnxCargoJudge implements CargoJudge, AutoCloseable {

    private static final double MIN_PROBABILITY = 0.6;

    private final ModelDescriptor d;
    private final OrtSession session;
    private final int covered;
    private final int uncovered;
    private final int classes;

    private OnnxCargoJudge(ModelDescriptor d, OrtSession session) {
        this.d = d;
        this.session = session;
        this.covered = d.classes().indexOf("covered");
        this.uncovered = d.classes().indexOf("uncovered");
        this.classes = d.classes().size();
    }

    public static OnnxCargoJudge open(ModelDescriptor d, Path weights) throws ModelException {
        if (d.output().decoder() != ModelDescriptor.Decoder.CLASSIFIER) {
            throw new ModelException("model " + d.name() + ": a cargo judge needs decoder: classifier");
        }
        if (!d.classes().contains("covered") || !d.classes().contains("uncovered")) {
            throw new ModelException("model " + d.name() + ": a cargo judge needs classes 'covered' and 'uncovered'");
        }
        try {
            OrtSession.SessionOptions so = new OrtSession.SessionOptions();
            so.setIntraOpNumThreads(1);
            return new OnnxCargoJudge(d, OrtEnvironment.getEnvironment().createSession(weights.toString(), so));
        } catch (OrtException e) {
            throw new ModelException("model " + d.name() + ": " + weights + " is not a loadable ONNX model: "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    @Override
    public Verdict judge(Mat bgr, Box truck, Settings params) {
        Box t = truck.clip(bgr.cols(), bgr.rows());
        if (t.width() < 8 || t.height() < 8) {
            return Verdict.UNSURE;
        }
        ModelDescriptor.Input in = d.input();
        ByteBuffer buf = ByteBuffer.allocateDirect(3 * in.width() * in.height() * Float.BYTES)
                .order(ByteOrder.nativeOrder());
        try (Rect r = new Rect((int) t.x1(), (int) t.y1(), (int) t.width(), (int) t.height()); Mat roi = bgr.apply(r);
             Preprocessor pre = new Preprocessor(in, buf, 1);
             OnnxTensor x = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), buf.asFloatBuffer(),
                     new long[] {1, in.nchw() ? 3 : in.height(), in.nchw() ? in.height() : in.width(),
                         in.nchw() ? in.width() : 3})) {
            pre.write(roi, 0);
            try (OrtSession.Result res = session.run(Map.of(in.name(), x))) {
                FloatBuffer out = ((OnnxTensor) res.get(0)).getFloatBuffer();
                float[] p = new float[classes];
                out.get(p);
                softmaxIfLogits(p);
                if (p[uncovered] >= MIN_PROBABILITY) {
                    return Verdict.UNCOVERED;
                }
                return p[covered] >= MIN_PROBABILITY ? Verdict.COVERED : Verdict.UNSURE;
            }
        } catch (OrtException e) {
            return Verdict.UNSURE;
        }
    }

    private static void softmaxIfLogits(float[] p) {
        double sum = 0;
        boolean probabilities = true;
        for (float v : p) {
            probabilities &= v >= 0 && v <= 1;
            sum += v;
        }
        if (probabilities && Math.abs(sum - 1) < 1e-3) {
            return;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float v : p) {
            max = Math.max(max, v);
        }
        double z = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) Math.exp(p[i] - max);
            z += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= z;
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
