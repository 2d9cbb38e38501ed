package org.streetwatch.benchmarks.detector;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.streetwatch.detector.Detection;
import org.streetwatch.detector.inference.Detector;
import org.streetwatch.detector.inference.Preprocessor;
import org.streetwatch.detector.model.ModelCatalog;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.detector.model.ModelException;
import org.streetwatch.detector.testing.DynamicBatchModel;
import org.streetwatch.detector.track.Tracker;
import org.streetwatch.ingest.frame.FrameSize;
import org.streetwatch.ingest.testing.Footage;

/**
 * The detector benchmarks: JMH per stage, then the whole detector stage (preprocess, inference, decode, NMS, tracker)
 * in frames per second against bare {@code session.run} on the same pictures in the same run, then a batch-size
 * sweep on a dynamic-batch copy of the model, then the input fitted to the picture against the padded square
 * ({@code detector.fit_input}) on a 4:3 and a 16:9 picture and a zone's box. Ratios are medians of alternating
 * repetitions.
 *
 * <p>With {@code --cuda}, only the batch sweep, 1 to 64 pictures per run on the CUDA execution provider: pictures per
 * second per GPU (needs a runtime built with {@code -Donnxruntime.artifact=onnxruntime_gpu} and a GPU).
 *
 * <p>With {@code --fit}, only the fitted input against the padded square.
 *
 * <p>Usage: DetectorBenchmark [--no-jmh] [--cuda] [--fit]
 */
public final class DetectorBenchmark {

    private static final int SECONDS = 6;
    private static final int REPEATS = 5;

    private DetectorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--cuda")) {
            cuda();
            return;
        }
        if (Arrays.asList(args).contains("--fit")) {
            ModelDescriptor d = Fixtures.catalog().descriptor("yolox_nano");
            fitted(d, Fixtures.catalog().weights(d), scaled(Fixtures.frames(40)));
            return;
        }
        if (!Arrays.asList(args).contains("--no-jmh")) {
            new Runner(new OptionsBuilder().include(DetectorStagesBench.class.getName()).forks(1)
                    .warmupIterations(3).warmupTime(TimeValue.seconds(1)).measurementIterations(5)
                    .measurementTime(TimeValue.seconds(1)).build()).run();
        }
        List<Mat> frames = scaled(Fixtures.frames(40));
        ModelCatalog catalog = Fixtures.catalog();
        ModelDescriptor d = catalog.descriptor("yolox_nano");
        Path weights = catalog.weights(d);
        System.out.println();
        System.out.println("| threads | bare session.run fps | detector stage fps | stage / bare |");
        System.out.println("|---|---|---|---|");
        for (int threads : new int[] {1, 2}) {
            double[] bare = new double[REPEATS];
            double[] stage = new double[REPEATS];
            for (int r = 0; r < REPEATS; r++) {
                bare[r] = bare(weights, d, frames, threads);
                stage[r] = stage(d, weights, frames, threads);
            }
            double[] ratio = new double[REPEATS];
            for (int r = 0; r < REPEATS; r++) {
                ratio[r] = stage[r] / bare[r];
            }
            System.out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %.3f |%n", threads, median(bare), median(stage),
                    median(ratio));
        }
        Path dynamic = DynamicBatchModel.of(weights, Footage.cache().resolve("yolox_nano_dynamic.onnx"));
        ModelDescriptor dd = DynamicBatchModel.descriptor(d);
        System.out.println();
        System.out.println("| batch | pictures per second (1 thread) | vs batch 1 |");
        System.out.println("|---|---|---|");
        double one = 0;
        for (int batch : new int[] {1, 2, 4, 8}) {
            double[] fps = new double[REPEATS];
            for (int r = 0; r < REPEATS; r++) {
                fps[r] = batched(dd, dynamic, frames, batch, false);
            }
            double m = median(fps);
            if (batch == 1) {
                one = m;
            }
            System.out.printf(Locale.ROOT, "| %d | %.1f | %.2f |%n", batch, m, m / one);
        }
        fitted(d, weights, frames);
    }

    /**
     * ms per picture, one thread, the input padded to the model's square against fitted to the picture: vtest's 4:3
     * pictures as ingest hands them over (416x312), the same scaled to 16:9 (416x234, the shape of most street
     * cameras), and the box of the throughput run's entrance zone (14 % of the picture, at the picture's scale).
     */
    private static void fitted(ModelDescriptor d, Path weights, List<Mat> frames) throws Exception {
        List<Mat> wide = new ArrayList<>();
        List<Mat> boxes = new ArrayList<>();
        for (Mat m : frames) {
            Mat w = new Mat();
            try (Size size = new Size(416, 234)) {
                opencv_imgproc.resize(m, w, size, 0, 0, opencv_imgproc.INTER_AREA);
            }
            wide.add(w);
            try (Rect r = new Rect(291, 0, 125, 137)) {
                boxes.add(m.apply(r));
            }
        }
        System.out.println();
        System.out.println("| picture | ms, input padded to 416x416 | ms, input fitted | fitted / padded |");
        System.out.println("|---|---|---|---|");
        try (Detector padded = Detector.open(d, weights, Detector.Options.defaults().withFit(false));
             Detector fit = Detector.open(d, weights, Detector.Options.defaults().withFit(true))) {
            for (Object[] c : new Object[][] {{"4:3, 416x312 (fitted input 416x352)", frames, false},
                {"16:9, 416x234 (fitted input 416x288)", wide, false},
                {"zone box 125x137 of a 416x312 picture (fitted input 160x192)", boxes, true}}) {
                @SuppressWarnings("unchecked")
                List<Mat> pics = (List<Mat>) c[1];
                double[] a = new double[REPEATS];
                double[] b = new double[REPEATS];
                double[] ratio = new double[REPEATS];
                for (int r = 0; r < REPEATS; r++) {
                    a[r] = msPerPicture(padded, pics, (boolean) c[2]);
                    b[r] = msPerPicture(fit, pics, (boolean) c[2]);
                    ratio[r] = b[r] / a[r];
                }
                System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f |%n", c[0], median(a), median(b),
                        median(ratio));
            }
        }
        wide.forEach(Mat::close);
        boxes.forEach(Mat::close);
    }

    /** Mean ms of one detection over {@link #SECONDS} s after one pass of warm-up; crops of 416x312 pictures. */
    private static double msPerPicture(Detector det, List<Mat> pics, boolean crops) throws Exception {
        long start = 0;
        long n = -pics.size();
        while (n < 0 || System.nanoTime() - start < SECONDS * 1_000_000_000L) {
            Mat m = pics.get((int) ((n + pics.size()) % pics.size()));
            if (crops) {
                det.detectCrop(m, 416, 312);
            } else {
                det.detect(m);
            }
            if (++n == 0) {
                start = System.nanoTime();
            }
        }
        return (System.nanoTime() - start) / 1e6 / n;
    }

    /** Batches of crops from many cameras on one GPU: pictures per second at batch 1 to 64. */
    private static void cuda() throws Exception {
        List<Mat> frames = scaled(Fixtures.frames(40));
        ModelDescriptor d = Fixtures.catalog().descriptor("yolox_nano");
        Path dynamic = DynamicBatchModel.of(Fixtures.catalog().weights(d),
                Footage.cache().resolve("yolox_nano_dynamic.onnx"));
        ModelDescriptor dd = DynamicBatchModel.descriptor(d);
        System.out.println("| batch | pictures per second per GPU (CUDA) | vs batch 1 |");
        System.out.println("|---|---|---|");
        double one = 0;
        for (int batch : new int[] {1, 2, 4, 8, 16, 32, 64}) {
            double[] fps = new double[REPEATS];
            for (int r = 0; r < REPEATS; r++) {
                try {
                    fps[r] = batched(dd, dynamic, frames, batch, true);
                } catch (ModelException e) {
                    System.err.println("benchmarks: " + e.getMessage());
                    System.exit(2);
                }
            }
            double m = median(fps);
            one = batch == 1 ? m : one;
            System.out.printf(Locale.ROOT, "| %d | %.1f | %.2f |%n", batch, m, m / one);
        }
    }

    /** Pictures as ingest hands them to analysis: scaled to fit the network's 416x416 input. */
    private static List<Mat> scaled(List<Mat> full) {
        List<Mat> out = new ArrayList<>();
        for (Mat m : full) {
            int[] wh = new FrameSize(416, 416).fit(m.cols(), m.rows());
            Mat s = new Mat();
            opencv_imgproc.resize(m, s, new Size(wh[0], wh[1]), 0, 0, opencv_imgproc.INTER_AREA);
            out.add(s);
            m.close();
        }
        return out;
    }

    /** session.run alone, on tensors preprocessed beforehand, {@code threads} callers on one session. */
    private static double bare(Path weights, ModelDescriptor d, List<Mat> frames, int threads) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions so = options();
        try (OrtSession session = env.createSession(weights.toString(), so)) {
            List<OnnxTensor> inputs = new ArrayList<>();
            for (Mat m : frames) {
                ByteBuffer b = ByteBuffer.allocateDirect(3 * 416 * 416 * 4).order(ByteOrder.nativeOrder());
                try (Preprocessor p = new Preprocessor(d.input(), b, 1)) {
                    p.write(m, 0);
                }
                inputs.add(OnnxTensor.createTensor(env, b.asFloatBuffer(), new long[] {1, 3, 416, 416}));
            }
            double fps = run(threads, i -> {
                FloatBuffer out = ByteBuffer.allocateDirect(3549 * 85 * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
                OnnxTensor o = OnnxTensor.createTensor(env, out, new long[] {1, 3549, 85});
                return () -> session.run(Map.of("images", inputs.get((int) (i.getAndIncrement() % inputs.size()))),
                        Map.of("output", o)).close();
            });
            for (OnnxTensor t : inputs) {
                t.close();
            }
            return fps;
        }
    }

    /** The detector stage as analysis runs it: detect (preprocess, run, decode, NMS) and a tracker update. */
    private static double stage(ModelDescriptor d, Path weights, List<Mat> frames, int threads) throws Exception {
        Tracker.Params params = Tracker.Params.of(Tracker.CONFIG.defaults());
        // padded like the bare runs: the stage's own cost, not the fitted input's saving (measured apart)
        try (Detector det = Detector.open(d, weights, new Detector.Options(1, 1, 1, threads, 1, 0, false, 0.1)
                .withFit(false))) {
            return run(threads, i -> {
                Tracker tracker = new Tracker();
                AtomicLong now = new AtomicLong();
                return () -> {
                    List<Detection> found = det.detect(frames.get((int) (i.getAndIncrement() % frames.size())));
                    tracker.update(found, det::confident, now.addAndGet(1_000_000), params);
                };
            });
        }
    }

    /** {@code batch} pictures per run through the detector, one thread (pictures reused when there are fewer). */
    private static double batched(ModelDescriptor d, Path weights, List<Mat> frames, int batch, boolean cuda)
            throws Exception {
        try (Detector det = Detector.open(d, weights, new Detector.Options(1, 1, 1, 1, batch, 0, cuda, 0.1))) {
            List<Mat> group = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                group.add(frames.get(i % frames.size()));
            }
            long start = System.nanoTime();
            long pictures = 0;
            while (System.nanoTime() - start < SECONDS * 1_000_000_000L) {
                det.detect(group);
                pictures += batch;
            }
            return pictures / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static OrtSession.SessionOptions options() throws Exception {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setIntraOpNumThreads(1);
        so.setInterOpNumThreads(1);
        so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        return so;
    }

    /** A unit of work per thread, built once per thread. */
    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    @FunctionalInterface
    private interface WorkFactory {
        Work create(AtomicLong next) throws Exception;
    }

    /** Pictures per second over {@code threads} threads for {@link #SECONDS}, after one second of warm-up. */
    private static double run(int threads, WorkFactory factory) throws Exception {
        AtomicLong next = new AtomicLong();
        AtomicLong done = new AtomicLong();
        List<Thread> ts = new ArrayList<>();
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        long end = warmEnd + SECONDS * 1_000_000_000L;
        List<Exception> errors = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Work w = factory.create(next);
            Thread th = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        w.run();
                        if (System.nanoTime() > warmEnd) {
                            done.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                }
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            th.join();
        }
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
        return done.get() / (double) SECONDS;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
