package org.streetwatch.detector.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.detector.decode.OutputDecoder;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.detector.model.ModelException;

/**
 * Weights loaded into ONNX Runtime and checked against their descriptor: the sessions, the pictures per run and the
 * output's shape. Owns the sessions; closed after every lane that runs them.
 */
final class LoadedModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoadedModel.class);

    final ModelDescriptor descriptor;
    final OrtEnvironment env;
    final List<OrtSession> sessions;
    final OutputDecoder decoder;
    /** Pictures per run: the model's fixed batch, or {@code maxBatch} for a dynamic one. */
    final int batch;
    final long[] outputShape;
    /** "CPU" or "CUDA". */
    final String provider;
    /** 0, or the multiple the input's sides are fitted to (a fully convolutional network, fitting on). */
    final int fit;

    private LoadedModel(ModelDescriptor descriptor, OrtEnvironment env, List<OrtSession> sessions,
                        OutputDecoder decoder, int batch, long[] outputShape, String provider, int fit) {
        this.descriptor = descriptor;
        this.env = env;
        this.sessions = sessions;
        this.decoder = decoder;
        this.batch = batch;
        this.outputShape = outputShape;
        this.provider = provider;
        this.fit = fit;
    }

    /** Floats of one picture's output at the model's full input. */
    long outputFloats() {
        long n = 1;
        for (int i = 1; i < outputShape.length; i++) {
            n *= outputShape[i];
        }
        return n;
    }

    /** The output's shape for {@code k} pictures in a {@code w x h} input (fitted: YOLOX's rows follow the size). */
    long[] outputShape(int k, int w, int h) {
        long[] s = outputShape.clone();
        s[0] = k;
        if (fit > 0) {
            s[1] = OutputDecoder.anchors(descriptor.output().strides(), w, h);
        }
        return s;
    }

    /** Loads the weights and checks the descriptor against the network; any mismatch is one clear line. */
    static LoadedModel load(ModelDescriptor d, Path weights, Detector.Options opts) throws ModelException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<OrtSession> all = new ArrayList<>();
        try {
            OrtSession.SessionOptions so = sessionOptions(d, opts);
            OrtSession session;
            try {
                session = env.createSession(weights.toString(), so);
            } catch (OrtException e) {
                throw new ModelException("model " + d.name() + ": " + weights + " is not a loadable ONNX model: "
                        + firstLine(e.getMessage()), e);
            }
            all.add(session);
            long[] have = checkedInput(session, d);
            TensorInfo out = tensor(session.getOutputInfo(), d.output().name(), "output", d);
            boolean dynamicBatch = have[0] < 0;
            int batch = dynamicBatch ? Math.max(1, opts.maxBatch()) : (int) Math.max(1, have[0]);
            long[] outShape = out.getShape().clone();
            for (int i = 1; i < outShape.length; i++) {
                if (outShape[i] < 0) {
                    // a model exported with dynamic axes: its output size follows from the input the descriptor asks
                    outShape = probeOutputShape(env, session, d);
                    break;
                }
            }
            OutputDecoder decoder = OutputDecoder.of(d, outShape);
            int fit = opts.fit() ? d.input().fit() : 0;
            byte[] graph = null;
            if (fit > 0) {
                // checked as exported; then the same weights with the input's size freed replace it
                graph = freeSize(d, weights);
                all.remove(0).close();
                all.add(env.createSession(graph, so));
                probeFitted(env, all.get(0), d, fit);
            }
            for (int i = 1; i < Math.max(1, opts.sessions()); i++) {
                all.add(graph != null ? env.createSession(graph, so) : env.createSession(weights.toString(), so));
            }
            String provider = opts.cuda() ? "CUDA" : "CPU";
            LOG.info("model {}: {} on {}, input {}{}, batch {}{}, {} session(s), {} lane(s)", d.name(),
                    weights.getFileName(), provider, Arrays.toString(have),
                    fit > 0 ? " fitted to each picture (multiples of " + fit + ")" : "", batch,
                    dynamicBatch ? " (dynamic)" : "", all.size(), Math.max(1, opts.lanes()));
            return new LoadedModel(d, env, all, decoder, batch, outShape, provider, fit);
        } catch (OrtException e) {
            closeAll(all);
            throw new ModelException("model " + d.name() + ": " + firstLine(e.getMessage()), e);
        } catch (ModelException e) {
            closeAll(all);
            throw e;
        }
    }

    private static OrtSession.SessionOptions sessionOptions(ModelDescriptor d, Detector.Options opts)
            throws OrtException, ModelException {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        if (opts.intraOpThreads() > 0) {
            so.setIntraOpNumThreads(opts.intraOpThreads());
        }
        so.setInterOpNumThreads(Math.max(1, opts.interOpThreads()));
        if (opts.cuda()) {
            // asked for a GPU and given none would quietly cost a hundred times the CPU: refuse at start
            if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
                throw new ModelException("model " + d.name() + ": detector.cuda is set but this ONNX Runtime has "
                        + "no CUDA execution provider (build with -Donnxruntime.artifact=onnxruntime_gpu; it needs "
                        + "CUDA 12 and cuDNN 9); set detector.cuda: false to run on the CPU");
            }
            try {
                so.addCUDA(0);
            } catch (OrtException | UnsatisfiedLinkError e) {
                throw new ModelException("model " + d.name() + ": the CUDA execution provider does not start: "
                        + firstLine(e.getMessage()) + "; set detector.cuda: false to run on the CPU", e);
            }
        }
        return so;
    }

    /** The weights with the input's height and width freed ({@link FreeShapeModel}). */
    private static byte[] freeSize(ModelDescriptor d, Path weights) throws ModelException {
        try {
            return FreeShapeModel.of(Files.readAllBytes(weights), d.input().name(), d.output().name(), false,
                    d.input().nchw() ? List.of(2, 3) : List.of(1, 2));
        } catch (IOException e) {
            throw new ModelException("model " + d.name() + ": input.fit is set but the input size of " + weights
                    + " could not be freed: " + firstLine(e.getMessage()), e);
        }
    }

    /** Runs the model once on zeros of the descriptor's input size to learn the output's shape. */
    private static long[] probeOutputShape(OrtEnvironment env, OrtSession session, ModelDescriptor d)
            throws OrtException {
        long[] shape = probe(env, session, d, d.input().shape().stream().mapToLong(Long::longValue).toArray());
        shape[0] = -1;
        return shape;
    }

    /**
     * input.fit says the network runs at smaller sizes: one run a multiple less each way must give the rows the
     * decoder will read, or the descriptor is wrong for these weights.
     */
    private static void probeFitted(OrtEnvironment env, OrtSession session, ModelDescriptor d, int fit)
            throws OrtException, ModelException {
        int w = Math.max(fit, d.input().width() - fit);
        int h = Math.max(fit, d.input().height() - fit);
        long[] in = d.input().nchw() ? new long[] {1, 3, h, w} : new long[] {1, h, w, 3};
        long[] got;
        try {
            got = probe(env, session, d, in);
        } catch (OrtException e) {
            throw new ModelException("model " + d.name() + ": input.fit is " + fit + " but the network does not run "
                    + "at " + w + "x" + h + ": " + firstLine(e.getMessage()), e);
        }
        long rows = OutputDecoder.anchors(d.output().strides(), w, h);
        if (got.length != 3 || got[1] != rows) {
            throw mismatch(d, "output at a " + w + "x" + h + " input (input.fit " + fit + ")", "[1, " + rows + ", ...]",
                    Arrays.toString(got));
        }
    }

    /** The output's shape after one run on zeros of shape {@code in} (its batch taken as 1). */
    private static long[] probe(OrtEnvironment env, OrtSession session, ModelDescriptor d, long[] in)
            throws OrtException {
        in = in.clone();
        in[0] = 1;
        long n = 1;
        for (long v : in) {
            n *= v;
        }
        FloatBuffer zeros = ByteBuffer.allocateDirect((int) (n * Float.BYTES)).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        try (OnnxTensor t = OnnxTensor.createTensor(env, zeros, in);
             OrtSession.Result r = session.run(Map.of(d.input().name(), t))) {
            return ((TensorInfo) r.get(d.output().name()).orElseThrow().getInfo()).getShape();
        }
    }

    /** The network's input shape, checked against the descriptor's (name, float, dimensions but the batch). */
    static long[] checkedInput(OrtSession session, ModelDescriptor d) throws ModelException, OrtException {
        long[] want = d.input().shape().stream().mapToLong(Long::longValue).toArray();
        long[] have = tensor(session.getInputInfo(), d.input().name(), "input", d).getShape();
        if (have.length != want.length) {
            throw mismatch(d, "input " + d.input().name() + " shape", Arrays.toString(want), Arrays.toString(have));
        }
        for (int i = 1; i < have.length; i++) {
            if (have[i] >= 0 && want[i] >= 0 && have[i] != want[i]) {
                throw mismatch(d, "input " + d.input().name() + " shape", Arrays.toString(want),
                        Arrays.toString(have));
            }
        }
        return have;
    }

    static TensorInfo tensor(Map<String, NodeInfo> nodes, String name, String what, ModelDescriptor d)
            throws ModelException {
        NodeInfo n = nodes.get(name);
        if (n == null) {
            throw new ModelException("model " + d.name() + ": the network has no " + what + " named '" + name
                    + "'; its " + what + "s are " + nodes.keySet());
        }
        if (!(n.getInfo() instanceof TensorInfo t) || t.type != ai.onnxruntime.OnnxJavaType.FLOAT) {
            throw new ModelException("model " + d.name() + ": " + what + " '" + name + "' is not a float tensor");
        }
        return t;
    }

    static ModelException mismatch(ModelDescriptor d, String what, String want, String have) {
        return new ModelException("model " + d.name() + ": descriptor says " + what + " is " + want
                + " but the network has " + have);
    }

    static String firstLine(String s) {
        return s == null ? "unknown error" : s.lines().findFirst().orElse(s);
    }

    @Override
    public void close() {
        closeAll(sessions);
    }

    private static void closeAll(List<OrtSession> sessions) {
        for (OrtSession s : sessions) {
            try {
                s.close();
            } catch (OrtException e) {
                LOG.debug("closing session", e);
            }
        }
    }
}
