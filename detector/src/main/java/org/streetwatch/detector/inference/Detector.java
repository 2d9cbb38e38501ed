package org.streetwatch.detector.inference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
     * @param pack           zone crops of concurrent callers that fit a quarter of the input are run together, one
     *                       {@link Mosaic} per inference (each waits at most {@code maxWaitMs} for partners); for a
     *                       fixed-size input only (a fitted one already costs a crop its share of the pixels)
     * @param fit            where the model's descriptor allows it ({@code input.fit}), fit the input to each
     *                       picture instead of padding it to the model's square, and detect a zone crop at its
     *                       picture's scale: fewer pixels, the same pixels per object
     */
    public record Options(int intraOpThreads, int interOpThreads, int sessions, int lanes, int maxBatch,
                          int maxWaitMs, boolean cuda, double lowScore, boolean pack, boolean fit) {

        /** Fitted where the model allows (as {@code detector.fit_input} defaults), unpacked. */
        public Options(int intraOpThreads, int interOpThreads, int sessions, int lanes, int maxBatch, int maxWaitMs,
                       boolean cuda, double lowScore) {
            this(intraOpThreads, interOpThreads, sessions, lanes, maxBatch, maxWaitMs, cuda, lowScore, false, true);
        }

        public static Options defaults() {
            return new Options(1, 1, 1, 1, 1, 0, false, 0);
        }

        public Options withLowScore(double low) {
            return new Options(intraOpThreads, interOpThreads, sessions, lanes, maxBatch, maxWaitMs, cuda, low, pack,
                    fit);
        }

        public Options withBatch(int batch, int waitMs) {
            return new Options(intraOpThreads, interOpThreads, sessions, lanes, batch, waitMs, cuda, lowScore, pack,
                    fit);
        }

        /** Zone crops packed into mosaics, each waiting at most {@code waitMs} for partners. */
        public Options withPacking(int waitMs) {
            return new Options(intraOpThreads, interOpThreads, sessions, lanes, maxBatch, waitMs, cuda, lowScore, true,
                    fit);
        }

        /** The input fitted to each picture (where the model allows) or always the model's full shape. */
        public Options withFit(boolean on) {
            return new Options(intraOpThreads, interOpThreads, sessions, lanes, maxBatch, maxWaitMs, cuda, lowScore,
                    pack, on);
        }
    }

    private final LoadedModel model;
    private final ClassScores scores;
    private final Lanes lanes;
    private final Batcher batcher;
    private final Mosaic mosaic;
    private final Batcher packer;

    private Detector(LoadedModel model, ClassScores scores, Lanes lanes, Options opts) {
        this.model = model;
        this.scores = scores;
        this.lanes = lanes;
        long waitNanos = opts.maxWaitMs() * 1_000_000L;
        batcher = model.batch > 1 ? new Batcher("inference-batcher", model.batch, waitNanos, lanes::detect) : null;
        ModelDescriptor.Input in = model.descriptor.input();
        mosaic = Mosaic.quarters(in.width(), in.height(), in.fill());
        // a fitted input costs a crop its share of the pixels: less than its quarter of a shared square mosaic
        packer = opts.pack() && model.fit == 0
                ? new Batcher("inference-packer", mosaic.capacity(), waitNanos, this::packed) : null;
        if (opts.pack() && packer == null) {
            LOG.info("model {}: zone_pack is off: the input is fitted to each zone box, which costs less than a "
                    + "quarter of a shared square input", model.descriptor.name());
        }
    }

    /** Loads the weights and checks the descriptor against the network; any mismatch is one clear line. */
    public static Detector open(ModelDescriptor d, Path weights, Options opts) throws ModelException {
        LoadedModel model = LoadedModel.load(d, weights, opts);
        ClassScores scores = new ClassScores(d, opts.lowScore());
        return new Detector(model, scores, new Lanes(model, scores, Math.max(1, opts.lanes())), opts);
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

    /** Inference runs since the model was loaded (a batch or a mosaic is one). */
    public long runs() {
        return lanes.runs();
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
        return detect(Framed.whole(image));
    }

    private List<Detection> detect(Framed picture) throws InferenceException {
        return batcher != null ? batcher.submit(picture) : lanes.detect(List.of(picture)).get(0);
    }

    /**
     * Detects objects in a crop of a {@code fullW x fullH} picture; boxes in the crop's pixels. Thread-safe. A fitted
     * model sees the crop at the scale it would see the whole picture (the crop's share of the pixels, its objects as
     * large as in the whole picture); a fixed-size one letterboxes it to its input (more pixels for the same cost).
     * With packing on, a crop that fits a tile of the {@link Mosaic} waits for crops of other callers (cameras) to
     * share one inference; any other is detected alone.
     */
    public List<Detection> detectCrop(Mat crop, int fullW, int fullH) throws InferenceException {
        Framed framed = cropOf(crop, fullW, fullH);
        if (packer != null && mosaic.fits(crop.cols(), crop.rows(), fullW, fullH)) {
            return packer.submit(framed);
        }
        return detect(framed);
    }

    /** The crop at its picture's scale where the input is fitted; a fixed-size input letterboxes it whole. */
    private Framed cropOf(Mat crop, int fullW, int fullH) {
        if (model.fit == 0) {
            return Framed.whole(crop);
        }
        ModelDescriptor.Input in = model.descriptor.input();
        return new Framed(crop, Math.min((double) in.width() / fullW, (double) in.height() / fullH));
    }

    /** True if the input is fitted to each picture: a crop then costs its share of the picture's pixels. */
    public boolean fitted() {
        return model.fit > 0;
    }

    /** The mosaic crops are packed into: up to four (2 x 2 tiles of the network's input). */
    public Mosaic mosaic() {
        return mosaic;
    }

    /**
     * Detects objects in crops of {@code fullW x fullH} pictures, packed {@link Mosaic#capacity()} to an inference; a
     * crop left without partners is detected alone, as {@link #detectCrop} would. Thread-safe.
     */
    public List<List<Detection>> detectPacked(List<Mat> crops, int fullW, int fullH) throws InferenceException {
        List<Framed> framed = new ArrayList<>(crops.size());
        for (Mat c : crops) {
            framed.add(cropOf(c, fullW, fullH));
        }
        return packed(framed);
    }

    private List<List<Detection>> packed(List<Framed> pictures) throws InferenceException {
        List<List<Detection>> out = new ArrayList<>(pictures.size());
        for (int from = 0; from < pictures.size(); from += mosaic.capacity()) {
            List<Framed> some = pictures.subList(from, Math.min(pictures.size(), from + mosaic.capacity()));
            if (some.size() == 1) {
                out.add(detect(some.get(0)));
                continue;
            }
            List<Mosaic.Placement> at = new ArrayList<>(mosaic.capacity());
            try (Mat m = mosaic.compose(some.stream().map(Framed::image).toList(), at)) {
                out.addAll(Mosaic.split(detect(m), at));
            }
        }
        return out;
    }

    /** Detects objects in each picture, in batches where the model allows. Thread-safe. */
    public List<List<Detection>> detect(List<Mat> images) throws InferenceException {
        return lanes.detect(images.stream().map(Framed::whole).toList());
    }

    /** The packer and batcher first (no run starts after them), then the lanes once their runs end, then the sessions. */
    @Override
    public void close() {
        if (packer != null) {
            packer.close();
        }
        if (batcher != null) {
            batcher.close();
        }
        lanes.close();
    }
}
