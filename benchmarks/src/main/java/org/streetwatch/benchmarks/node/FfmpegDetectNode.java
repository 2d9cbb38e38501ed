package org.streetwatch.benchmarks.node;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.streetwatch.detector.inference.Detector;
import org.streetwatch.detector.model.ModelCatalog;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.detector.track.Tracker;
import org.streetwatch.ingest.testing.RtspServer;
import org.streetwatch.ingest.testing.SharedData;

/**
 * The NVR-style baseline, in its own JVM: one ffmpeg per camera decoding every frame and writing one 416x312 BGR
 * picture a second to a pipe, a reader thread per pipe keeping each camera's newest picture (an unread one replaced is
 * a dropped frame), and two workers running the same detector and tracker streetwatch uses. Commands on stdin: STAT
 * (frames, dropped, p95 seconds from a picture's arrival to the end of its detection) and QUIT.
 *
 * <p>Usage: FfmpegDetectNode N rtsp://127.0.0.1:PORT/cam MODELS_DIR
 */
public final class FfmpegDetectNode {

    private static final int W = 416;
    private static final int H = 312;

    /** A picture and when it arrived. */
    private record Picture(byte[] bgr, long arrivedNanos) {
    }

    private FfmpegDetectNode() {
    }

    /** Runs the baseline with N cameras from its own RTSP server and measures it from outside, like the daemon. */
    static NodeBenchmark.Result measure(int n, Path footage) throws Exception {
        try (RtspServer server = RtspServer.start(n, footage)) {
            // the class path in CLASSPATH: ONNX Runtime's Java library crashes on a command line over ~4 KB
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    FfmpegDetectNode.class.getName(), Integer.toString(n),
                    "rtsp://127.0.0.1:" + server.port() + "/cam", SharedData.models().toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
            Process p = pb.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            PrintWriter cmd = new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8);
            try {
                out.readLine(); // STARTED
                Thread.sleep(NodeBenchmark.WARMUP_S * 1000L);
                cmd.println("STAT");
                String[] first = out.readLine().split(" ");
                double[][] cpu = new double[NodeBenchmark.WINDOWS][4];
                double frames = 0;
                for (int w = 0; w < NodeBenchmark.WINDOWS; w++) {
                    double[] c0 = NodeRun.cpu(p.pid());
                    cmd.println("STAT");
                    long f0 = Long.parseLong(out.readLine().split(" ")[1]);
                    long t0 = System.nanoTime();
                    Thread.sleep(NodeBenchmark.WINDOW_S * 1000L);
                    double[] c1 = NodeRun.cpu(p.pid());
                    cmd.println("STAT");
                    String[] s = out.readLine().split(" ");
                    double secs = (System.nanoTime() - t0) / 1e9;
                    // ffmpeg processes are "the rest" of the tree: for this node they are its ingest
                    double ingest = c1[2] - c0[2];
                    double infer = c1[0] + c1[1] - c0[0] - c0[1];
                    cpu[w] = new double[] {100 * (ingest + infer) / secs / n, 100 * ingest / secs / n,
                        100 * infer / secs / n, 0};
                    frames += (Long.parseLong(s[1]) - f0) / secs / n / NodeBenchmark.WINDOWS;
                }
                cmd.println("STAT");
                String[] last = out.readLine().split(" ");
                long dropped = Long.parseLong(last[2]) - Long.parseLong(first[2]);
                return new NodeBenchmark.Result(NodeBenchmark.median(cpu, 0), NodeBenchmark.median(cpu, 1),
                        NodeBenchmark.median(cpu, 2), 0, frames, frames, dropped, Double.parseDouble(last[3]),
                        last[4] + "/" + n + " ffmpeg alive");
            } finally {
                cmd.println("QUIT");
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        ModelCatalog catalog = new ModelCatalog(List.of(Path.of(args[2])));
        ModelDescriptor d = catalog.descriptor("yolox_nano");
        AtomicReferenceArray<Picture> latest = new AtomicReferenceArray<>(n);
        AtomicLong frames = new AtomicLong();
        AtomicLong dropped = new AtomicLong();
        long[] lags = new long[4096];
        AtomicLong lagCount = new AtomicLong();
        List<Process> ffmpegs = new ArrayList<>();
        String ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class); // the program JavaCV's FFmpeg build ships
        try (Detector det = Detector.open(d, catalog.weights(d), new Detector.Options(1, 1, 1, 2, 1, 0, false, 0.1)
                .withFit(true))) { // as the node run's daemon (fit_input: true)
            for (int i = 0; i < n; i++) {
                Process f = new ProcessBuilder(ffmpeg, "-nostdin", "-loglevel", "error", "-rtsp_transport", "tcp",
                        "-i", args[1] + i, "-vf", "fps=1,scale=" + W + ":" + H, "-f", "rawvideo", "-pix_fmt", "bgr24",
                        "pipe:1").redirectError(ProcessBuilder.Redirect.DISCARD).start();
                ffmpegs.add(f);
                int cam = i;
                Thread reader = new Thread(() -> {
                    try (DataInputStream in = new DataInputStream(f.getInputStream())) {
                        while (true) {
                            byte[] b = new byte[W * H * 3];
                            in.readFully(b);
                            if (latest.getAndSet(cam, new Picture(b, System.nanoTime())) != null) {
                                dropped.incrementAndGet();
                            }
                        }
                    } catch (IOException e) {
                        // ffmpeg ended
                    }
                }, "pipe-" + i);
                reader.setDaemon(true);
                reader.start();
            }
            for (int w = 0; w < 2; w++) {
                int first = w;
                Thread worker = new Thread(() -> work(first, n, latest, det, frames, lags, lagCount), "analysis-" + w);
                worker.setDaemon(true);
                worker.start();
            }
            System.out.println("STARTED " + n);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("QUIT")) {
                long c = Math.min(lagCount.get(), lags.length);
                long[] sorted = Arrays.copyOf(lags, (int) c);
                Arrays.sort(sorted);
                double p95 = c == 0 ? Double.NaN : sorted[(int) Math.min(c - 1, (long) Math.ceil(0.95 * c) - 1)] / 1e9;
                long alive = ffmpegs.stream().filter(Process::isAlive).count();
                System.out.printf(Locale.ROOT, "STAT %d %d %.3f %d%n", frames.get(), dropped.get(), p95, alive);
            }
        } finally {
            ffmpegs.forEach(Process::destroyForcibly);
        }
        System.exit(0);
    }

    /** Round-robin over the cameras (worker w takes every other one), detecting each newest picture once. */
    private static void work(int w, int n, AtomicReferenceArray<Picture> latest, Detector det, AtomicLong frames,
                             long[] lags, AtomicLong lagCount) {
        Tracker.Params params = Tracker.Params.of(Tracker.CONFIG.defaults());
        Tracker[] trackers = new Tracker[n];
        try (Mat m = new Mat(H, W, opencv_core.CV_8UC3)) {
            while (true) {
                boolean any = false;
                for (int i = w; i < n; i += 2) {
                    Picture p = latest.getAndSet(i, null);
                    if (p == null) {
                        continue;
                    }
                    any = true;
                    try (BytePointer data = new BytePointer(m.data())) {
                        data.capacity((long) W * H * 3).put(p.bgr());
                    }
                    trackers[i] = trackers[i] == null ? new Tracker() : trackers[i];
                    try {
                        trackers[i].update(det.detect(m), det::confident, System.nanoTime() / 1000, params);
                    } catch (Exception e) {
                        return;
                    }
                    frames.incrementAndGet();
                    lags[(int) (lagCount.getAndIncrement() % lags.length)] = System.nanoTime() - p.arrivedNanos();
                }
                if (!any) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }
}
