package org.streetwatch.detector.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.detector.Detection;
import org.streetwatch.detector.aim.Condition;
import org.streetwatch.detector.inference.Detector;
import org.streetwatch.detector.inference.InferenceException;
import org.streetwatch.detector.inference.Tiling;
import org.streetwatch.detector.recheck.Rechecks;
import org.streetwatch.detector.rule.RuleEnv;
import org.streetwatch.detector.rule.RuleType;
import org.streetwatch.detector.track.Track;
import org.streetwatch.ingest.frame.Frame;
import org.streetwatch.ingest.frame.FrameQueue;
import org.streetwatch.ingest.frame.Sample;
import org.streetwatch.ingest.frame.StreamEnd;
import org.streetwatch.ingest.metrics.IngestMetrics;
import org.streetwatch.violation.NearMiss;
import org.streetwatch.violation.ViolationSink;

/**
 * The analysis workers: each takes a camera's next frame from the queue, runs the detector, then the camera's tracker
 * and rules, and closes the frame. The queue never hands one camera to two workers at once, so a camera's analysis is
 * sequential while different cameras run in parallel. Workers are platform threads owned by this stage; the detector's
 * own parallelism is ONNX Runtime's intra-op pool.
 */
public final class AnalysisStage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AnalysisStage.class);

    private final FrameQueue frames;
    private final Detector detector;
    private final Tiling tiling;
    private final ZoneCrop crop;
    private final DetectorMetrics detectorMetrics;
    private final Function<String, Scene> scenes;
    private final List<RuleType<?>> ruleTypes;
    private final RuleEnv env;
    private final ViolationSink sink;
    private final IngestMetrics metrics;
    private final Consumer<String> onStreamEnd;
    private final Map<String, CameraAnalyzer> analyzers = new ConcurrentHashMap<>();
    private final Map<String, Condition> conditions = new ConcurrentHashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong analyzed = new java.util.concurrent.atomic.AtomicLong();
    private final List<Watcher> watchers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private volatile Rechecks rechecks;

    /**
     * Told of every analysed frame on the worker that analysed it, before the frame is closed: what people watch live
     * (the camera wall's pictures, the zone editor's recent tracks) comes from here, never from extra decoding. Must
     * be quick and must not keep the frame's picture.
     */
    @FunctionalInterface
    public interface Watcher {
        void analysed(Frame frame, List<Track> tracks);
    }

    /**
     * @param scenes      the current scene of a camera (read at every frame, so reloads apply at once); null if the
     *                    camera is no longer configured
     * @param onStreamEnd told after a camera's stream ended and its open violations were ended
     */
    public AnalysisStage(FrameQueue frames, Detector detector, Tiling tiling, ZoneCrop crop,
                         Function<String, Scene> scenes,
                         List<RuleType<?>> ruleTypes, RuleEnv env, ViolationSink sink, IngestMetrics metrics,
                         DetectorMetrics detectorMetrics, Consumer<String> onStreamEnd) {
        this.env = env;
        this.frames = frames;
        this.detector = detector;
        this.tiling = tiling;
        this.crop = crop;
        this.detectorMetrics = detectorMetrics;
        this.scenes = scenes;
        this.ruleTypes = List.copyOf(ruleTypes);
        this.sink = new ViolationSink() {
            @Override
            public void confirmed(org.streetwatch.violation.Violation v) {
                detectorMetrics.violation(v.rule(), v.cameraId());
                sink.confirmed(v);
            }

            @Override
            public void warned(org.streetwatch.violation.Violation v) {
                sink.warned(v);
            }

            @Override
            public void ended(org.streetwatch.violation.Violation v, long endUs, long endWallMs) {
                sink.ended(v, endUs, endWallMs);
            }

            @Override
            public void nearMiss(NearMiss m) {
                detectorMetrics.nearMiss(m.rule(), m.cameraId());
                sink.nearMiss(m);
            }
        };
        this.metrics = metrics;
        this.onStreamEnd = onStreamEnd;
    }

    /** Where handled cases are re-checked on their camera's frames; call before {@link #start}. */
    public void recheck(Rechecks r) {
        this.rechecks = r;
    }

    /** Adds a watcher; call before {@link #start}. */
    public void watch(Watcher w) {
        watchers.add(w);
    }

    public void start(int workerCount) {
        for (int i = 0; i < workerCount; i++) {
            Thread t = new Thread(this::work, "analysis-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    private void work() {
        while (running) {
            Sample s;
            try {
                s = frames.take(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (s == null) {
                continue;
            }
            try {
                if (s instanceof Frame f) {
                    try (f) {
                        analyze(f);
                    }
                } else if (s instanceof StreamEnd e) {
                    CameraAnalyzer a = analyzers.remove(e.cameraId());
                    frames.pacing().forget(e.cameraId());
                    detectorMetrics.forget(e.cameraId());
                    if (scenes.apply(e.cameraId()) == null) {
                        // removed; a stream that only ended (a file read once) keeps its last aim on show
                        conditions.remove(e.cameraId());
                        detectorMetrics.forgetAim(e.cameraId());
                    }
                    if (a != null) {
                        a.end(sink);
                    }
                    onStreamEnd.accept(e.cameraId());
                }
            } catch (RuntimeException e) {
                LOG.error("camera {}: analysis failed on a frame; continuing", s.cameraId(), e);
            } finally {
                frames.done(s.cameraId());
            }
        }
    }

    private void analyze(Frame f) {
        Scene scene = scenes.apply(f.cameraId());
        if (scene == null) {
            return; // camera removed while its frame was queued
        }
        CameraAnalyzer analyzer = analyzers.computeIfAbsent(f.cameraId(),
                id -> new CameraAnalyzer(id, ruleTypes, env, detectorMetrics));
        Scene seen = analyzer.aim(f, scene, sink);
        conditions.put(f.cameraId(), analyzer.condition());
        if (seen == null) {
            watched(f, List.of()); // misaimed, covered or blurred: nothing to judge, but people see the picture
            return;
        }
        List<Detection> inSource;
        if (analyzer.unchanged(f, seen)) {
            inSource = analyzer.lastDetections();
            detectorMetrics.gated(f.cameraId());
        } else {
            long t0 = System.nanoTime();
            try {
                ZoneCrop.Plan plan = crop.plan(seen, f.wallMs(), f.image().cols(), f.image().rows(),
                        detector.fitted() && tiling.none(), z -> analyzer.need(z, f, seen));
                inSource = toSource(crop.detect(detector, tiling, f.image(), plan), f.scale());
                List<Detection> kept = ZoneCrop.carried(analyzer.lastDetections(), plan, f.scale());
                if (!kept.isEmpty()) {
                    inSource = new ArrayList<>(inSource);
                    inSource.addAll(kept);
                }
                analyzer.detected(plan.covered(), f);
            } catch (InferenceException e) {
                LOG.error("camera {}: {}", f.cameraId(), e.getMessage());
                return;
            }
            detectorMetrics.inferred((System.nanoTime() - t0) / 1e9);
            metrics.analyzed(f.cameraId());
            analyzed.incrementAndGet();
        }
        List<Track> tracks = analyzer.analyze(f, inSource, detector::confident, seen, sink, rechecks);
        frames.pacing().set(f.cameraId(), analyzer.samplingIntervalUs(f, seen));
        detectorMetrics.analysed((System.currentTimeMillis() - f.wallMs()) / 1e3);
        watched(f, tracks);
    }

    private void watched(Frame f, List<Track> tracks) {
        for (Watcher w : watchers) {
            w.analysed(f, tracks);
        }
    }

    /** Detections on a scaled-down analysis picture, in the camera picture's pixels. */
    static List<Detection> toSource(List<Detection> dets, double scale) {
        if (scale == 1.0) {
            return dets;
        }
        List<Detection> out = new ArrayList<>(dets.size());
        for (Detection d : dets) {
            out.add(new Detection(d.classId(), d.label(), d.kind(), d.score(), d.box().scale(1 / scale)));
        }
        return out;
    }

    /**
     * Each running camera's aim as last checked (ok, shifted, misaimed, covered, blurred): for the review page and
     * the fleet view. Safe from any thread.
     */
    public Map<String, Condition> conditions() {
        return Map.copyOf(conditions);
    }

    /** Frames that went through the detector since the start. */
    public long framesAnalyzed() {
        return analyzed.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : workers) {
            t.join(10_000);
        }
    }
}
