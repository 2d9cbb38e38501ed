package org.streetwatch.detector.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.detector.model.ModelException;
import org.streetwatch.violation.Box;

/**
 * An ONNX image classifier given by a descriptor with {@code decoder: classifier} (output [N, classes], probabilities
 * or logits): what a bureau trains on its own cameras to judge cargo or label the things left in a zone, without code.
 * Opening checks the descriptor against the network, any mismatch one line. Thread-safe, as its session is.
 */
public final class Classifier implements AutoCloseable {

    /** Boxes with a side shorter than this (in the picture's pixels) are not classified. */
    public static final int MIN_SIDE = 8;

    private final ModelDescriptor d;
    private final OrtSession session;

    private Classifier(ModelDescriptor d, OrtSession session) {
        this.d = d;
        this.session = session;
    }

    public static Classifier open(ModelDescriptor d, Path weights) throws ModelException {
        if (d.output().decoder() != ModelDescriptor.Decoder.CLASSIFIER) {
            throw new ModelException("model " + d.name() + ": a classifier needs decoder: classifier");
        }
        OrtSession session;
        try {
            OrtSession.SessionOptions so = new OrtSession.SessionOptions();
            so.setIntraOpNumThreads(1);
            session = OrtEnvironment.getEnvironment().createSession(weights.toString(), so);
        } catch (OrtException e) {
            throw new ModelException("model " + d.name() + ": " + weights + " is not a loadable ONNX model: "
                    + LoadedModel.firstLine(e.getMessage()), e);
        }
        try {
            LoadedModel.checkedInput(session, d);
            long[] out = LoadedModel.tensor(session.getOutputInfo(), d.output().name(), "output", d).getShape();
            if (out.length != 2 || out[1] >= 0 && out[1] != d.classes().size()) {
                throw LoadedModel.mismatch(d, "output " + d.output().name() + " shape", "[N, " + d.classes().size()
                        + "] (one score per class)", Arrays.toString(out));
            }
            return new Classifier(d, session);
        } catch (OrtException | ModelException e) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // the mismatch is what the operator needs to read
            }
            if (e instanceof ModelException m) {
                throw m;
            }
            throw new ModelException("model " + d.name() + ": " + LoadedModel.firstLine(e.getMessage()), e);
        }
    }

    public ModelDescriptor descriptor() {
        return d;
    }

    /**
     * The probability of each class (in the descriptor's order) for a box of a BGR picture; empty when the box is too
     * small to show anything or the network fails on it.
     */
    public Optional<float[]> classify(Mat bgr, Box box) {
        Box b = box.clip(bgr.cols(), bgr.rows());
        if (b.width() < MIN_SIDE || b.height() < MIN_SIDE) {
            return Optional.empty();
        }
        ModelDescriptor.Input in = d.input();
        ByteBuffer buf = ByteBuffer.allocateDirect(3 * in.width() * in.height() * Float.BYTES)
                .order(ByteOrder.nativeOrder());
        try (Rect r = new Rect((int) b.x1(), (int) b.y1(), (int) b.width(), (int) b.height()); Mat roi = bgr.apply(r);
             Preprocessor pre = new Preprocessor(in, buf, 1);
             OnnxTensor x = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), buf.asFloatBuffer(),
                     new long[] {1, in.nchw() ? 3 : in.height(), in.nchw() ? in.height() : in.width(),
                         in.nchw() ? in.width() : 3})) {
            pre.write(roi, 0);
            try (OrtSession.Result res = session.run(Map.of(in.name(), x))) {
                FloatBuffer out = ((OnnxTensor) res.get(d.output().name()).orElseThrow()).getFloatBuffer();
                float[] p = new float[d.classes().size()];
                out.get(p);
                softmaxIfLogits(p);
                return Optional.of(p);
            }
        } catch (OrtException e) {
            return Optional.empty();
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
