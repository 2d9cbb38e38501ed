package org.streetwatch.detector.inference;

import ai.onnxruntime.OrtException;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.streetwatch.detector.Detection;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.detector.model.ModelException;

/**
 * One model loaded into ONNX Runtime, shared by every camera: the model ({@link LoadedModel}), the memory its callers
 * run in ({@link Lanes}) and, for a model with a dynamic batch dimension, the {@link Batcher} that gathers pictures
 * of concurrent callers (different cameras) into one run of up to {@code maxBatch}. A model with a fixed batch runs
 * them one by one, and parallelism comes from a small pool of sessions instead.
 */
public final class Detector implements AutoCloseable {

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

    private final LoadedModel model;
    private final ClassScores scores;
    private final Lanes lanes;
    private final Batcher batcher;

    private Detector(LoadedModel model, ClassScores scores, Lanes lanes, Options opts) {
        this.model = model;
        this.scores = scores;
        this.lanes = lanes;
        long waitNanos = opts.maxWaitMs() * 1_000_000L;
        batcher = model.batch > 1 ? new Batcher("inference-batcher", model.batch, waitNanos, lanes::detect) : null;
    }

    /** Loads the weights and checks the descriptor against the network; any mismatch is one clear line. */
    public static Detector open(ModelDescriptor d, Path weights, Options opts) throws ModelException {
        LoadedModel model = LoadedModel.load(d, weights, opts);
        ClassScores scores = new ClassScores(d, opts.lowScore());
        try {
            return new Detector(model, scores, new Lanes(model, scores, Math.max(1, opts.lanes())), opts);
        } catch (OrtException e) {
            model.close();
            throw new ModelException("model " + d.name() + ": " + LoadedModel.firstLine(e.getMessage()), e);
        }
    }

    public ModelDescriptor descriptor() {
        return model.descriptor;
    }

    /** "CPU" or "CUDA". */
    public String provider() {
        return model.provider;
    }

    /** True if the detection reaches its class's threshold (else it is a low-score detection for the tracker). */
    public boolean confident(Detection d) {
        return scores.confident(d);
    }

    /** Pictures per run. */
    public int batch() {
        return model.batch;
    }

    /**
     * Detects objects in one BGR picture; boxes in that picture's pixels. Thread-safe. With a dynamic-batch model,
     * pictures from concurrent callers (different cameras) are run together, up to {@code maxBatch} or
     * {@code maxWaitMs}.
     */
    public List<Detection> detect(Mat image) throws InferenceException {
        return batcher != null ? batcher.submit(image) : lanes.detect(List.of(image)).get(0);
    }

    /** Detects objects in each picture, in batches where the model allows. Thread-safe. */
    public List<List<Detection>> detect(List<Mat> images) throws InferenceException {
        return lanes.detect(images);
    }

    /** The batcher first (no run starts after it), then the lanes once their runs end, then the sessions. */
    @Override
    public void close() {
        if (batcher != null) {
            batcher.close();
        }
        lanes.close();
    }
}
