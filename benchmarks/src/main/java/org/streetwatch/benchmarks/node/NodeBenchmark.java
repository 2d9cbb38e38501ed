package org.streetwatch.benchmarks.node;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.streetwatch.ingest.testing.Footage;
import org.streetwatch.ingest.testing.RtspServer;
import org.streetwatch.ingest.testing.SharedData;

/**
 * The whole daemon ({@code ./streetwatch run}, its own JVM) with N RTSP cameras from one GStreamer server, on busy
 * footage (vtest's plaza) and on a quiet street ({@link QuietStreet}). Each camera has the vtest plaza's two
 * no-vending zones and a no-storage zone; every fourth camera also watches a road zone for muck trucks (hours
 * always). Per run: CPU per camera in % of a core (median of windows), split into ingest (camera threads), inference
 * (the detector's own time) and the rest (rules, tracking, aim checks, JIT, GC), frames analysed and dropped, and the
 * p95 of a picture's age when its analysis ends.
 *
 * <p>{@code throughput [N]} (default 50): before (every picture analysed: adaptive sampling and motion gating off),
 * each step alone and all together (also with the launcher's earlier allocator settings, with OpenCV's own threads,
 * with the input padded to the model's square, as before {@code fit_input}, and on the zones' boxes), ratios against
 * before of the same invocation; then, all together, cameras that each watch one far zone only (the entrance, a box of
 * 30 % x 46 % of the picture): the whole picture, the zone's box ({@code detector.zone_crop}) and the boxes packed four
 * to an inference ({@code detector.zone_pack}, partners awaited up to 250 ms); these three run 4 workers (packing needs
 * callers to meet). {@code -Dnode.variants=REGEX} runs only the steps whose name it finds; {@code -Dnode.rounds=K} runs
 * them K times in turn and reports medians. {@code node [N...]} (default 10 20 40 80): one analysed picture a second
 * (sampling off), gating off and on: the largest N with no dropped frame and p95 lag under 2 s, beside {@link
 * FfmpegDetectNode} (one ffmpeg per camera decoding every frame, the same detector).
 */
public final class NodeBenchmark {

    static final int WARMUP_S = Integer.getInteger("node.warmup_s", 15);
    static final int WINDOW_S = Integer.getInteger("node.window_s", 15);
    static final int WINDOWS = 2;
    /** Each footage's steps run this many times in turn (a, b, a, b): each row is the median of its runs. */
    static final int ROUNDS = Math.max(1, Integer.getInteger("node.rounds", 1));
    static final double[] LAG_BOUNDS = {0.25, 0.5, 1, 1.5, 2, 3, 5, 10, 30};

    /**
     * Which of the steps are on.
     *
     * @param farZone each camera watches the entrance zone only (else the plaza's three zones and every fourth a road)
     * @param env     set for the launcher on top of this JVM's environment (its allocator settings, say)
     */
    record Variant(String name, boolean sampling, boolean gating, boolean farZone, boolean crop, boolean pack,
                   boolean fit, Map<String, String> env) {

        Variant(String name, boolean sampling, boolean gating, boolean farZone, boolean crop, boolean pack,
                boolean fit) {
            this(name, sampling, gating, farZone, crop, pack, fit, Map.of());
        }

        Variant(String name, boolean sampling, boolean gating) {
            this(name, sampling, gating, false, false, false, true);
        }
    }

    /** One run's medians: % of a core per camera (total, ingest, inference, rest), pictures analysed per camera-s. */
    record Result(double total, double ingest, double inference, double rest, double analysedPerCameraS,
                  double sampledPerCameraS, long dropped, double p95LagS, String note) {

        boolean keepsUp() {
            return dropped == 0 && p95LagS < 2;
        }
    }

    private NodeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "throughput";
        int[] ns = Arrays.stream(args).skip(1).mapToInt(Integer::parseInt).toArray();
        Path busy = Footage.vtestLong(8);
        Path quiet = QuietStreet.footage();
        System.out.printf(Locale.ROOT, "load: %s; cores %d%n", Files.readString(Path.of("/proc/loadavg")).trim(),
                Runtime.getRuntime().availableProcessors());
        if (mode.equals("throughput")) {
            throughput(ns.length > 0 ? ns[0] : 50, busy, quiet);
        } else if (mode.equals("node")) {
            node(ns.length > 0 ? ns : new int[] {10, 20, 40, 80}, busy, quiet);
        } else {
            System.err.println("usage: NodeBenchmark throughput [N] | node [N...]");
            System.exit(2);
        }
    }

    private static void throughput(int n, Path busy, Path quiet) throws Exception {
        Pattern only = Pattern.compile(System.getProperty("node.variants", ".*"));
        List<Variant> variants = Stream.of(new Variant("before (all pictures)", false, false),
                new Variant("motion gating", false, true), new Variant("adaptive sampling", true, false),
                new Variant("all together, every buffer over 64 KB mapped afresh (the launcher's allocator settings "
                        + "before)", true, true, false, false, false, true,
                        Map.of("MALLOC_MMAP_THRESHOLD_", "65536", "MALLOC_TRIM_THRESHOLD_", "65536")),
                new Variant("all together, OpenCV with its own worker threads (the launcher before)", true, true,
                        false, false, false, true, Map.of("OPENCV_FOR_THREADS_NUM", "0")),
                new Variant("all together, input padded to the square (fit_input: false)", true, true, false, false,
                        false, false),
                new Variant("all together", true, true),
                new Variant("all together, zone boxes (zone_crop)", true, true, false, true, false, true),
                new Variant("all together, one far zone per camera", true, true, true, false, false, true),
                new Variant("all together, one far zone, its box (zone_crop)", true, true, true, true, false, true),
                new Variant("all together, one far zone, boxes packed (zone_crop + zone_pack, input padded to the "
                        + "square: packing needs a fixed-size input)", true, true, true, true, true, false))
                .filter(v -> only.matcher(v.name()).find()).toList();
        List<String> rows = new ArrayList<>();
        for (Path footage : List.of(busy, quiet)) {
            String name = footage == busy ? "busy" : "quiet street";
            List<List<Result>> runs = new ArrayList<>();
            variants.forEach(v -> runs.add(new ArrayList<>()));
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < variants.size(); i++) {
                    runs.get(i).add(daemon(n, footage, variants.get(i)));
                }
            }
            Result before = null;
            for (int i = 0; i < variants.size(); i++) {
                Variant v = variants.get(i);
                Result r = medianOf(runs.get(i));
                before = before == null ? r : before;
                String row = String.format(Locale.ROOT,
                        "| %s | %s | %.2f | %.2f | %.2f | %.2f | %.2fx | %.3f | %.3f | %d | %s | %s |", name, v.name(),
                        r.total(), r.ingest(), r.inference(), r.rest(), before.total() / r.total(),
                        r.sampledPerCameraS(), r.analysedPerCameraS(), r.dropped(), lag(r.p95LagS()), r.note());
                System.out.println(row);
                rows.add(row);
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%d cameras, %% of a core per camera (median of %d windows of %d s; of %d "
                + "runs in turn)%n", n, WINDOWS, WINDOW_S, ROUNDS);
        System.out.println("| footage | step | total | ingest | inference | rest | before / this | pictures decoded "
                + "per camera-s | inferred per camera-s | dropped | p95 lag | notes |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static void node(int[] ns, Path busy, Path quiet) throws Exception {
        List<String> rows = new ArrayList<>();
        for (Path footage : List.of(busy, quiet)) {
            String name = footage == busy ? "busy" : "quiet street";
            for (boolean gating : new boolean[] {false, true}) {
                rows.add(largest(name, "streetwatch, gating " + (gating ? "on" : "off"), ns,
                        n -> daemon(n, footage, new Variant("", false, gating))));
            }
            rows.add(largest(name, "one ffmpeg per camera + the same detector", ns,
                    n -> FfmpegDetectNode.measure(n, footage)));
        }
        System.out.println();
        System.out.println("| footage | node | largest N (no drop, p95 lag < 2 s) | % of a core per camera there "
                + "| ingest | inference | rest | p95 lag | runs |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    @FunctionalInterface
    interface Measure {
        Result at(int n) throws Exception;
    }

    /** Walks N up until the node falls behind; the row for the largest N that kept up. */
    private static String largest(String footage, String node, int[] ns, Measure m) throws Exception {
        Result best = null;
        int bestN = 0;
        StringBuilder runs = new StringBuilder();
        for (int n : ns) {
            Result r = m.at(n);
            runs.append(String.format(Locale.ROOT, "N=%d: %.2f%%, %d dropped, p95 %s; ", n, r.total(), r.dropped(),
                    lag(r.p95LagS())));
            System.out.println(footage + " / " + node + " / " + runs);
            if (!r.keepsUp()) {
                break;
            }
            best = r;
            bestN = n;
        }
        if (best == null) {
            return String.format(Locale.ROOT, "| %s | %s | < %d | | | | | | %s |", footage, node, ns[0], runs);
        }
        return String.format(Locale.ROOT, "| %s | %s | %d | %.2f | %.2f | %.2f | %.2f | %s | %s |", footage, node, bestN,
                best.total(), best.ingest(), best.inference(), best.rest(), lag(best.p95LagS()), runs);
    }

    private static String lag(double s) {
        return Double.isNaN(s) ? "-" : Double.isInfinite(s) ? "> 30 s" : "<= " + s + " s";
    }

    /** The real launcher with a generated config; measured from outside. */
    private static Result daemon(int n, Path footage, Variant v) throws Exception {
        Path dir = Files.createTempDirectory("streetwatch-node");
        try (RtspServer server = RtspServer.start(n, footage)) {
            int port = freePort();
            Path config = dir.resolve("streetwatch.yaml");
            Files.writeString(config, config(n, server.port(), port, dir, v));
            Path root = Path.of(System.getProperty("streetwatch.root", ".")).toAbsolutePath();
            ProcessBuilder pb = new ProcessBuilder(root.resolve("streetwatch").toString(), "run", "--config",
                    config.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("daemon.log").toFile());
            pb.environment().putAll(v.env());
            Process p = pb.start();
            try {
                for (int i = 0; i < 600 && !NodeRun.healthy(port); i++) {
                    if (!p.isAlive()) {
                        throw new IOException("daemon exited: " + Files.readString(dir.resolve("daemon.log")));
                    }
                    Thread.sleep(100);
                }
                Thread.sleep(WARMUP_S * 1000L);
                double[][] cpu = new double[WINDOWS][4];
                double analysed = 0;
                double sampled = 0;
                long dropped = 0;
                double lag = 0;
                Map<String, Double> first = NodeRun.metrics(port);
                for (int w = 0; w < WINDOWS; w++) {
                    Map<String, Double> m0 = NodeRun.metrics(port);
                    double[] c0 = NodeRun.cpu(p.pid());
                    long t0 = System.nanoTime();
                    Thread.sleep(WINDOW_S * 1000L);
                    double[] c1 = NodeRun.cpu(p.pid());
                    Map<String, Double> m1 = NodeRun.metrics(port);
                    double s = (System.nanoTime() - t0) / 1e9;
                    double inference = NodeRun.delta("streetwatch_inference_seconds_sum", m0, m1);
                    double all = (c1[0] + c1[1] + c1[2]) - (c0[0] + c0[1] + c0[2]);
                    double ingest = c1[0] - c0[0];
                    double infer = Math.min(inference, c1[1] - c0[1]);
                    cpu[w] = new double[] {all, ingest, infer, all - ingest - infer};
                    for (int k = 0; k < 4; k++) {
                        cpu[w][k] = 100 * cpu[w][k] / s / n;
                    }
                    analysed += NodeRun.delta("streetwatch_frames_analyzed_total", m0, m1) / s / n / WINDOWS;
                    sampled += NodeRun.delta("streetwatch_frames_sampled_total", m0, m1) / s / n / WINDOWS;
                }
                Map<String, Double> last = NodeRun.metrics(port);
                dropped = (long) NodeRun.delta("streetwatch_frames_dropped_total", first, last);
                lag = NodeRun.p95("streetwatch_analysis_lag_seconds", first, last, LAG_BOUNDS);
                long up = Math.round(last.getOrDefault("streetwatch_camera_up", 0.0));
                double gated = NodeRun.delta("streetwatch_frames_gated_total", first, last);
                return new Result(median(cpu, 0), median(cpu, 1), median(cpu, 2), median(cpu, 3), analysed, sampled,
                        dropped, lag, String.format(Locale.ROOT, "%d/%d up, %.0f gated", up, n, gated));
            } finally {
                p.destroy();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private static String config(int n, int rtspPort, int httpPort, Path dir, Variant v) {
        StringBuilder y = new StringBuilder();
        y.append("http: {bind: 127.0.0.1, port: ").append(httpPort).append("}\n");
        y.append("detector: {model: yolox_nano, models_dir: \"").append(SharedData.models())
                .append("\", threads: 1, workers: ").append(v.farZone() ? 4 : 2).append(", max_wait_ms: ")
                .append(v.farZone() ? 250 : 5).append(", zone_crop: ").append(v.crop()).append(", zone_pack: ")
                .append(v.pack()).append(", fit_input: ").append(v.fit()).append("}\n");
        y.append("evidence: {dir: \"").append(dir.resolve("evidence")).append("\", min_free_mb: 0}\n");
        y.append("export: {sink: none}\n");
        y.append("motion: {enabled: ").append(v.gating()).append("}\n");
        y.append("sampling: {enabled: ").append(v.sampling()).append("}\n");
        y.append("cameras:\n");
        for (int i = 0; i < n; i++) {
            y.append("  - id: c").append(i).append("\n");
            y.append("    url: rtsp://127.0.0.1:").append(rtspPort).append("/cam").append(i).append("\n");
            y.append("    zones:\n");
            if (v.farZone()) {
                y.append("      - {id: entrance, type: no_vending, polygon: [[0.74, 0.18], [0.99, 0.18], [0.99, 0.42], "
                        + "[0.74, 0.42]]}\n");
                continue;
            }
            y.append("      - {id: plaza, type: no_vending, polygon: [[0.40, 0.30], [0.70, 0.30], [0.70, 0.62], "
                    + "[0.40, 0.62]]}\n");
            y.append("      - {id: entrance, type: no_vending, polygon: [[0.74, 0.18], [0.99, 0.18], [0.99, 0.42], "
                    + "[0.74, 0.42]]}\n");
            y.append("      - {id: steps, type: no_storage, polygon: [[0.05, 0.70], [0.35, 0.70], [0.35, 0.95], "
                    + "[0.05, 0.95]]}\n");
            if (i % 4 == 0) {
                y.append("      - {id: road, type: road, polygon: [[0.0, 0.45], [1.0, 0.45], [1.0, 0.99], "
                        + "[0.0, 0.99]]}\n");
            }
        }
        return y.toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * Each figure the median of the runs'; the worst of them for dropped pictures and p95 lag (a bucket bound, not
     * averaged); every run's note.
     */
    private static Result medianOf(List<Result> rs) {
        double[][] cols = rs.stream().map(r -> new double[] {r.total(), r.ingest(), r.inference(), r.rest(),
                r.analysedPerCameraS(), r.sampledPerCameraS()}).toArray(double[][]::new);
        double lag = rs.stream().mapToDouble(Result::p95LagS).filter(l -> !Double.isNaN(l)).max().orElse(Double.NaN);
        return new Result(median(cols, 0), median(cols, 1), median(cols, 2), median(cols, 3), median(cols, 4),
                median(cols, 5), rs.stream().mapToLong(Result::dropped).max().orElse(0), lag,
                String.join("; ", rs.stream().map(Result::note).toList()));
    }

    static double median(double[][] rows, int col) {
        double[] v = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            v[i] = rows[i][col];
        }
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
