package org.streetwatch.detector.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.detector.Detection;
import org.streetwatch.detector.decode.Candidates;
import org.streetwatch.detector.decode.OutputDecoder;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.detector.model.ModelException;
import org.streetwatch.violation.Box;

/**
 * One model loaded into ONNX Runtime, shared by every camera, and the buffers that feed it.
 *
 * <p>{@code session.run} is thread-safe; what is not is the input and output memory. Each concurrent caller borrows one
 * {@link Lane} (a preprocessor, an input tensor over a direct buffer and a pinned output tensor, all allocated once)
 * from a fixed pool, so steady-state inference allocates no tensors and copies no outputs. A model with a dynamic
 * batch dimension takes up to {@code maxBatch} pictures per run, gathered across cameras by a batcher thread; one with
 * a fixed batch runs them one by one, and parallelism comes from a small pool of sessions instead.
 */
public final class Detector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Detector.class);

    /**
     * @param intraOpThreads ONNX Runtime threads inside one run (0: ORT's default)
     * @param interOpThreads ONNX Runtime threads across independent nodes of one run (0: ORT's default)
     * @param sessions       sessions of the model: callers on different sessions do not share an intra-op pool
     * @param lanes          callers that may run at once (spread over the sessions)
     * @param maxBatch       pictures per run for models with a dynamic batch dimension
     * @param maxWaitMs      how long a batch waits for more pictures before it runs anyway
     * @param cuda           run on the CUDA execution provider (GPU 0); refused at start where the runtime lacks it
     * @param lowScore       also report detections down to this score (not {@link #confident}); 0 for none. The
     *                       tracker uses them to keep tracks through partial occlusion.
     */
    public record Options(int intraOpThreads, int interOpThreads, int sessions, int lanes, int maxBatch,
                          int maxWaitMs, boolean cuda, double lowScore) {

        public static Options defaults() {
            return new Options(1, 1, 1, 1, 1, 0, false, 0);
        }

        public Options withLowScore(double low) {
            return new Options(intraOpThreads, interOpThreads, sessions, lanes, maxBatch, maxWaitMs, cuda, low);
        }

        public Options withBatch(int batch, int waitMs) {
            return new Options(intraOpThreads, interOpThreads, sessions, lanes, batch, waitMs, cuda, lowScore);
        }
    }

    private final ModelDescriptor descriptor;
    private final OrtEnvironment env;
    private final List<OrtSession> sessions;
    private final OutputDecoder decoder;
    private final float[] thresholds;
    private final float[] decodeThresholds;
    private final String[] kinds;
    private final int batch;
    private final long[] outputShape;
    private final String provider;
    private final BlockingQueue<Lane> lanes;
    private final List<Lane> allLanes = new ArrayList<>();
    private final Batcher batcher;

    private Detector(ModelDescriptor d, OrtEnvironment env, List<OrtSession> sessions, OutputDecoder decoder,
                     int batch, long[] outputShape, String provider, Options opts) throws OrtException {
        this.descriptor = d;
        this.env = env;
        this.sessions = sessions;
        this.decoder = decoder;
        this.batch = batch;
        this.outputShape = outputShape;
        this.provider = provider;
        int nc = d.classes().size();
        thresholds = new float[nc];
        decodeThresholds = new float[nc];
        kinds = new String[nc];
        for (int c = 0; c < nc; c++) {
            thresholds[c] = (float) d.threshold(d.classes().get(c));
            decodeThresholds[c] = opts.lowScore() > 0 ? Math.min(thresholds[c], (float) opts.lowScore())
                    : thresholds[c];
            kinds[c] = d.kinds().get(d.classes().get(c));
        }
        int laneCount = Math.max(1, opts.lanes());
        lanes = new ArrayBlockingQueue<>(laneCount);
        for (int i = 0; i < laneCount; i++) {
            Lane lane = new Lane(sessions.get(i % sessions.size()));
            allLanes.add(lane);
            lanes.add(lane);
        }
        batcher = batch > 1 ? new Batcher(batch, opts.maxWaitMs()) : null;
    }

    /** Loads the weights and checks the descriptor against the network; any mismatch is one clear line. */
    public static Detector open(ModelDescriptor d, Path weights, Options opts) throws ModelException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session = null;
        try {
            OrtSession.SessionOptions so = new OrtSession.SessionOptions();
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            if (opts.intraOpThreads() > 0) {
                so.setIntraOpNumThreads(opts.intraOpThreads());
            }
            so.setInterOpNumThreads(Math.max(1, opts.interOpThreads()));
            String provider = "CPU";
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
                provider = "CUDA";
            }
            try {
                session = env.createSession(weights.toString(), so);
            } catch (OrtException e) {
                throw new ModelException("model " + d.name() + ": " + weights + " is not a loadable ONNX model: "
                        + firstLine(e.getMessage()), e);
            }
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
            List<OrtSession> all = new ArrayList<>(List.of(session));
            for (int i = 1; i < Math.max(1, opts.sessions()); i++) {
                all.add(env.createSession(weights.toString(), so));
            }
            Detector det = new Detector(d, env, all, decoder, batch, outShape, provider, opts);
            LOG.info("model {}: {} on {}, input {}, batch {}{}, {} session(s), {} lane(s)", d.name(),
                    weights.getFileName(), provider, Arrays.toString(have), batch, dynamicBatch ? " (dynamic)" : "",
                    all.size(), Math.max(1, opts.lanes()));
            return det;
        } catch (OrtException e) {
            if (session != null) {
                closeQuietly(session);
            }
            throw new ModelException("model " + d.name() + ": " + firstLine(e.getMessage()), e);
        } catch (ModelException e) {
            if (session != null) {
                closeQuietly(session);
            }
            throw e;
        }
    }

    /** Runs the model once on zeros of the descriptor's input size to learn the output's shape. */
    private static long[] probeOutputShape(OrtEnvironment env, OrtSession session, ModelDescriptor d)
            throws OrtException {
        long[] in = d.input().shape().stream().mapToLong(Long::longValue).toArray();
        in[0] = 1;
        long n = 1;
        for (long v : in) {
            n *= v;
        }
        FloatBuffer zeros = ByteBuffer.allocateDirect((int) (n * Float.BYTES)).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        try (OnnxTensor t = OnnxTensor.createTensor(env, zeros, in);
             OrtSession.Result r = session.run(Map.of(d.input().name(), t))) {
            long[] shape = ((TensorInfo) r.get(d.output().name()).orElseThrow().getInfo()).getShape();
            shape[0] = -1;
            return shape;
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

    public ModelDescriptor descriptor() {
        return descriptor;
    }

    /** "CPU" or "CUDA". */
    public String provider() {
        return provider;
    }

    /** True if the detection reaches its class's threshold (else it is a low-score detection for the tracker). */
    public boolean confident(Detection d) {
        return d.score() >= thresholds[d.classId()];
    }

    /** Pictures per run. */
    public int batch() {
        return batch;
    }

    /**
     * Detects objects in one BGR picture; boxes in that picture's pixels. Thread-safe. With a dynamic-batch model,
     * pictures from concurrent callers (different cameras) are run together, up to {@code maxBatch} or
     * {@code maxWaitMs}.
     */
    public List<Detection> detect(Mat image) throws InferenceException {
        return batcher != null ? batcher.submit(image) : detect(List.of(image)).get(0);
    }

    /** Detects objects in each picture, in batches where the model allows. Thread-safe. */
    public List<List<Detection>> detect(List<Mat> images) throws InferenceException {
        Lane lane;
        try {
            lane = lanes.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceException("interrupted while waiting for a free inference lane");
        }
        try {
            List<List<Detection>> out = new ArrayList<>(images.size());
            for (int from = 0; from < images.size(); from += batch) {
                lane.run(images.subList(from, Math.min(images.size(), from + batch)), out);
            }
            return out;
        } finally {
            lanes.add(lane);
        }
    }

    /** The input and output memory of one caller, bound to one session. */
    private final class Lane {
        final OrtSession session;
        final ByteBuffer input;
        final FloatBuffer output;
        final Preprocessor pre;
        final OnnxTensor[] inTensors;
        final OnnxTensor[] outTensors;
        final Candidates candidates = new Candidates();
        final Geometry[] geometry;

        Lane(OrtSession session) throws OrtException {
            this.session = session;
            ModelDescriptor.Input spec = descriptor.input();
            long pictureFloats = 3L * spec.width() * spec.height();
            input = ByteBuffer.allocateDirect((int) (batch * pictureFloats * Float.BYTES)).order(ByteOrder.nativeOrder());
            long outFloats = 1;
            for (int i = 1; i < outputShape.length; i++) {
                outFloats *= outputShape[i];
            }
            output = ByteBuffer.allocateDirect((int) (batch * outFloats * Float.BYTES)).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            pre = new Preprocessor(spec, input, batch);
            inTensors = new OnnxTensor[batch];
            outTensors = new OnnxTensor[batch];
            long[] inShape = descriptor.input().shape().stream().mapToLong(Long::longValue).toArray();
            for (int k = 1; k <= batch; k++) {
                inShape[0] = k;
                FloatBuffer in = input.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
                in.limit((int) (k * pictureFloats));
                inTensors[k - 1] = OnnxTensor.createTensor(env, in.slice(), inShape.clone());
                long[] os = outputShape.clone();
                os[0] = k;
                FloatBuffer ob = output.duplicate();
                ob.limit((int) (k * outFloats));
                outTensors[k - 1] = OnnxTensor.createTensor(env, ob.slice(), os);
            }
            geometry = new Geometry[batch];
        }

        void run(List<Mat> images, List<List<Detection>> out) throws InferenceException {
            int k = images.size();
            for (int i = 0; i < k; i++) {
                geometry[i] = pre.write(images.get(i), i);
            }
            try (OrtSession.Result r = session.run(Map.of(descriptor.input().name(), inTensors[k - 1]),
                    Map.of(descriptor.output().name(), outTensors[k - 1]))) {
                // outputs were written into the pinned buffer; the result holds no extra memory
            } catch (OrtException e) {
                throw new InferenceException("model " + descriptor.name() + ": inference failed: "
                        + firstLine(e.getMessage()));
            }
            for (int i = 0; i < k; i++) {
                candidates.clear();
                decoder.decode(output, i, geometry[i], decodeThresholds, candidates);
                int[] kept = candidates.nms((float) descriptor.nmsIou(), descriptor.classAgnosticNms());
                List<Detection> dets = new ArrayList<>(kept.length);
                Geometry g = geometry[i];
                for (int j : kept) {
                    int c = candidates.classId(j);
                    Box box = new Box(candidates.x1(j), candidates.y1(j), candidates.x2(j), candidates.y2(j))
                            .clip(g.imageWidth(), g.imageHeight());
                    dets.add(new Detection(c, descriptor.classes().get(c), kinds[c], candidates.score(j), box));
                }
                out.add(dets);
            }
        }

        void close() {
            for (OnnxTensor t : inTensors) {
                t.close();
            }
            for (OnnxTensor t : outTensors) {
                t.close();
            }
            pre.close();
        }
    }

    /**
     * Gathers single pictures from concurrent callers into batches: the first picture waits at most
     * {@code maxWaitMs} for others, a full batch runs at once. One thread, owned by the detector.
     */
    private final class Batcher {
        private record Request(Mat image, java.util.concurrent.CompletableFuture<List<Detection>> result) {
        }

        private final int max;
        private final long waitNanos;
        private final java.util.concurrent.LinkedBlockingQueue<Request> queue = new java.util.concurrent.LinkedBlockingQueue<>();
        private final Thread thread;
        private volatile boolean running = true;

        Batcher(int max, int waitMs) {
            this.max = max;
            this.waitNanos = waitMs * 1_000_000L;
            thread = new Thread(this::loop, "inference-batcher");
            thread.setDaemon(true);
            thread.start();
        }

        List<Detection> submit(Mat image) throws InferenceException {
            Request r = new Request(image, new java.util.concurrent.CompletableFuture<>());
            queue.add(r);
            try {
                return r.result().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InferenceException("interrupted while waiting for inference");
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof InferenceException ie ? ie
                        : new InferenceException("inference failed: " + e.getCause());
            }
        }

        private void loop() {
            List<Request> batch = new ArrayList<>(max);
            while (running) {
                try {
                    Request first = queue.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    long deadline = System.nanoTime() + waitNanos;
                    while (batch.size() < max) {
                        Request next = queue.poll(Math.max(0, deadline - System.nanoTime()),
                                java.util.concurrent.TimeUnit.NANOSECONDS);
                        if (next == null) {
                            break;
                        }
                        batch.add(next);
                    }
                    List<Mat> images = new ArrayList<>(batch.size());
                    for (Request r : batch) {
                        images.add(r.image());
                    }
                    try {
                        List<List<Detection>> out = detect(images);
                        for (int i = 0; i < batch.size(); i++) {
                            batch.get(i).result().complete(out.get(i));
                        }
                    } catch (InferenceException e) {
                        for (Request r : batch) {
                            r.result().completeExceptionally(e);
                        }
                    }
                    batch.clear();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void close() {
            running = false;
            thread.interrupt();
        }
    }

    @Override
    public void close() {
        if (batcher != null) {
            batcher.close();
        }
        for (Lane l : allLanes) {
            l.close();
        }
        for (OrtSession s : sessions) {
            closeQuietly(s);
        }
    }

    private static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException e) {
            LOG.debug("closing session", e);
        }
    }
}
