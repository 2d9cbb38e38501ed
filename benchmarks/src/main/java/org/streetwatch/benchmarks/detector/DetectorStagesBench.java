package org.streetwatch.benchmarks.detector;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.opencv_core.Mat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.streetwatch.detector.Detection;
import org.streetwatch.detector.decode.Candidates;
import org.streetwatch.detector.decode.OutputDecoder;
import org.streetwatch.detector.inference.Detector;
import org.streetwatch.detector.inference.Geometry;
import org.streetwatch.detector.inference.Preprocessor;
import org.streetwatch.detector.model.ModelCatalog;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.detector.track.Tracker;
import org.streetwatch.ingest.frame.FrameSize;

/**
 * The detector's stages one by one, on a real vtest frame as ingest delivers it (scaled to fit 416x416): preprocess
 * (letterbox into the tensor), inference (session.run alone), decode + NMS, and one tracker update.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DetectorStagesBench {

    private Mat frame;
    private Preprocessor pre;
    private OrtSession session;
    private OnnxTensor input;
    private OnnxTensor output;
    private FloatBuffer outputBuffer;
    private OutputDecoder decoder;
    private float[] thresholds;
    private Geometry geometry;
    private final Candidates candidates = new Candidates();
    private ModelDescriptor descriptor;
    private Tracker tracker;
    private Tracker.Params trackerParams;
    private List<List<Detection>> detectionsOfFrames;
    private int frameIndex;
    private long nowUs;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ModelCatalog catalog = Fixtures.catalog();
        descriptor = catalog.descriptor("yolox_nano");
        List<Mat> full = Fixtures.frames(20);
        int[] wh = new FrameSize(416, 416).fit(768, 576);
        frame = new Mat();
        org.bytedeco.opencv.global.opencv_imgproc.resize(full.get(0), frame,
                new org.bytedeco.opencv.opencv_core.Size(wh[0], wh[1]));
        ByteBuffer in = ByteBuffer.allocateDirect(3 * 416 * 416 * 4).order(ByteOrder.nativeOrder());
        pre = new Preprocessor(descriptor.input(), in, 1);
        geometry = pre.write(frame, 0);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setIntraOpNumThreads(1);
        so.setInterOpNumThreads(1);
        so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        session = env.createSession(catalog.weights(descriptor).toString(), so);
        input = OnnxTensor.createTensor(env, in.asFloatBuffer(), new long[] {1, 3, 416, 416});
        outputBuffer = ByteBuffer.allocateDirect(3549 * 85 * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        output = OnnxTensor.createTensor(env, outputBuffer, new long[] {1, 3549, 85});
        session.run(Map.of("images", input), Map.of("output", output)).close();
        decoder = OutputDecoder.of(descriptor, new long[] {1, 3549, 85});
        thresholds = new float[80];
        java.util.Arrays.fill(thresholds, 0.1f);
        trackerParams = Tracker.Params.of(Tracker.CONFIG.defaults());
        detectionsOfFrames = new ArrayList<>();
        try (Detector det = Fixtures.detector("yolox_nano", Detector.Options.defaults().withLowScore(0.1))) {
            for (Mat m : full) {
                detectionsOfFrames.add(det.detect(m));
            }
        }
        for (Mat m : full) {
            m.close();
        }
        tracker = new Tracker();
    }

    @Benchmark
    public Geometry preprocess() {
        return pre.write(frame, 0);
    }

    @Benchmark
    public void inference() throws Exception {
        session.run(Map.of("images", input), Map.of("output", output)).close();
    }

    @Benchmark
    public int decodeAndNms() {
        candidates.clear();
        decoder.decode(outputBuffer, 0, geometry, thresholds, candidates);
        return candidates.nms((float) descriptor.nmsIou(), false).length;
    }

    @Benchmark
    public int track() {
        List<Detection> dets = detectionsOfFrames.get(frameIndex++ % detectionsOfFrames.size());
        nowUs += 1_000_000;
        return tracker.update(dets, d -> d.score() >= 0.3, nowUs, trackerParams).size();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        input.close();
        output.close();
        session.close();
        pre.close();
        frame.close();
    }
}
