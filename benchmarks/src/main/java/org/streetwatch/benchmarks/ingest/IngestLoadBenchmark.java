package org.streetwatch.benchmarks.ingest;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.streetwatch.ingest.testing.Footage;
import org.streetwatch.ingest.testing.RtspServer;

/**
 * N cameras from one RTSP server (768x576 H.264, 10 fps, 2 s GOP, ~1 Mbit/s), measured two ways in the same run:
 * streetwatch's ingest (one JVM, packets kept compressed in 20 s rings, one analysed picture per GOP) and the NVR
 * baseline (one ffmpeg process per camera decoding every frame and emitting one picture a second as raw video, as
 * Frigate feeds its detectors), and, for reference, the RTSP transport alone (ffmpeg copying packets). Reports
 * CPU-seconds per camera-minute (median of three windows), memory per camera, and the ratios.
 *
 * <p>Usage: IngestLoadBenchmark [N...]   (default 50 100 200)
 */
public final class IngestLoadBenchmark {

    private static final int WARMUP_S = 15;
    private static final int WINDOW_S = 20;
    private static final int WINDOWS = 3;

    private record Measure(double cpuPerCameraMinute, double rssPerCamera, double heapPerCamera, String note) {
    }

    private IngestLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] ns = args.length == 0 ? new int[] {50, 100, 200} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        Path footage = Footage.vtestLong(8);
        Measure idle = null;
        List<String> rows = new ArrayList<>();
        for (int n : ns) {
            try (RtspServer server = RtspServer.start(n, footage)) {
                String base = "rtsp://127.0.0.1:" + server.port() + "/cam";
                if (idle == null) {
                    idle = streetwatch(1, base); // everything loaded (FFmpeg, JIT) and one camera: the fixed cost
                }
                Measure sw = streetwatch(n, base);
                Measure ff = ffmpeg(n, base, "-vf", "fps=1", "-f", "rawvideo", "-pix_fmt", "bgr24", "pipe:1");
                Measure transport = ffmpeg(n, base, "-c", "copy", "-f", "null", "-");
                double ratio = ff.cpuPerCameraMinute() / sw.cpuPerCameraMinute();
                double beyondTransport = (ff.cpuPerCameraMinute() - transport.cpuPerCameraMinute())
                        / (sw.cpuPerCameraMinute() - transport.cpuPerCameraMinute());
                double perCore = 60.0 / sw.cpuPerCameraMinute(); // camera-minutes one core serves per minute
                // what each camera beyond the first adds: native (resident memory outside the pre-touched heap) and
                // heap (live objects after GC), marginal against the one-camera run
                double nativeMb = (sw.rssPerCamera() * n - idle.rssPerCamera()) / (n - 1) / 1e6;
                double heapMb = (sw.heapPerCamera() * n - idle.heapPerCamera()) / (n - 1) / 1e6;
                String row = String.format(Locale.ROOT,
                        "| %d | %.3f | %.3f | %.1fx | %.3f | %.1fx | %.0f | %.2f | %.2f | %.2f | %.1f | %s |", n,
                        sw.cpuPerCameraMinute(), ff.cpuPerCameraMinute(), ratio, transport.cpuPerCameraMinute(),
                        beyondTransport, perCore, nativeMb + heapMb, heapMb, nativeMb, ff.rssPerCamera() / 1e6,
                        sw.note() + "; " + ff.note());
                rows.add(row);
                System.out.println(row);
            }
        }
        System.out.println();
        System.out.println("| cameras | streetwatch CPU-s per camera-minute | ffmpeg baseline CPU-s per camera-minute "
                + "| baseline / streetwatch | RTSP transport alone (ffmpeg -c copy) | ratio beyond transport "
                + "| cameras per core | streetwatch MB per camera | of which heap | of which native "
                + "| baseline MB per camera (RSS) | notes |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    /** streetwatch's ingest in its own JVM. */
    private static Measure streetwatch(int n, String base) throws Exception {
        String cp = System.getProperty("java.class.path");
        // a fixed, pre-touched heap: the resident-memory difference between runs is then what the cameras hold
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "-cp", cp, IngestNode.class.getName(),
                Integer.toString(n), base, "2").redirectError(ProcessBuilder.Redirect.DISCARD);
        // the same malloc settings as the streetwatch launcher
        pb.environment().put("MALLOC_ARENA_MAX", "2");
        pb.environment().put("MALLOC_MMAP_THRESHOLD_", "4194304");
        pb.environment().put("MALLOC_TRIM_THRESHOLD_", "67108864");
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter cmd = new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8);
        out.readLine(); // STARTED
        Thread.sleep(WARMUP_S * 1000L);
        double[] cpu = windows(n, pid -> Proc.cpuSeconds(pid), List.of(p.pid()));
        cmd.println("STAT");
        String[] stat = out.readLine().split(" ");
        long rss = Proc.rssBytes(p.pid());
        cmd.println("QUIT");
        p.waitFor(30, TimeUnit.SECONDS);
        p.destroyForcibly();
        long heap = Long.parseLong(stat[1]);
        String note = String.format(Locale.ROOT, "%s/%d up, %s frames, %s dropped, rings %.1f MB",
                stat[4], n, stat[2], stat[3], Long.parseLong(stat[5]) / 1e6);
        return new Measure(median(cpu), (double) rss / n, (double) heap / n, note);
    }

    /**
     * One ffmpeg per camera with the given output: the NVR baseline (decode every frame, emit one BGR picture per
     * second) or the transport floor (copy the packets, decode nothing), which any FFmpeg-based reader pays.
     */
    private static Measure ffmpeg(int n, String base, String... output) throws Exception {
        List<Process> procs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-loglevel", "error", "-rtsp_transport",
                    "tcp", "-i", base + i));
            cmd.addAll(List.of(output));
            procs.add(new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start());
        }
        Thread.sleep(WARMUP_S * 1000L);
        List<Long> pids = procs.stream().map(Process::pid).toList();
        double[] cpu = windows(n, Proc::cpuSeconds, pids);
        long rss = pids.stream().mapToLong(Proc::rssBytes).sum();
        long alive = procs.stream().filter(Process::isAlive).count();
        for (Process p : procs) {
            p.destroyForcibly();
        }
        for (Process p : procs) {
            p.waitFor(10, TimeUnit.SECONDS);
        }
        return new Measure(median(cpu), (double) rss / n, 0, alive + "/" + n + " ffmpeg alive");
    }

    /** CPU-seconds per camera-minute over WINDOWS consecutive windows. */
    private static double[] windows(int n, LongFunction<Double> cpuOf, List<Long> pids) throws InterruptedException {
        double[] out = new double[WINDOWS];
        for (int w = 0; w < WINDOWS; w++) {
            double c0 = pids.stream().mapToDouble(cpuOf::apply).sum();
            long t0 = System.nanoTime();
            Thread.sleep(WINDOW_S * 1000L);
            double c1 = pids.stream().mapToDouble(cpuOf::apply).sum();
            double minutes = (System.nanoTime() - t0) / 60e9;
            out[w] = (c1 - c0) / Math.max(n, 1) / minutes;
        }
        return out;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
