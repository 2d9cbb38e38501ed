package org.streetwatch.benchmarks.node;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One measured process tree: its CPU by thread group (camera threads, analysis threads, the rest) from /proc, and the
 * daemon's counters from /metrics, each read at the start and end of a window.
 */
final class NodeRun {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)(\\{[^}]*})? ([-0-9.eE+]+)$", Pattern.MULTILINE);

    /** CPU seconds so far: [ingest (camera threads), analysis threads, everything else] of pid and its descendants. */
    static double[] cpu(long pid) {
        double[] out = new double[3];
        List<Long> pids = new java.util.ArrayList<>(List.of(pid));
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
        for (long p : pids) {
            try (var tasks = Files.list(Path.of("/proc/" + p + "/task"))) {
                for (Path t : (Iterable<Path>) tasks::iterator) {
                    String comm = read(t.resolve("comm")).trim();
                    String stat = read(t.resolve("stat"));
                    if (stat.isEmpty()) {
                        continue;
                    }
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double s = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
                    // the detector's packer and batcher threads infer for the analysis workers
                    boolean analysis = comm.startsWith("analysis-") || comm.startsWith("inference-");
                    out[p == pid && comm.startsWith("camera-") ? 0 : p == pid && analysis ? 1 : 2] += s;
                }
            } catch (IOException | RuntimeException e) {
                // the process or thread ended meanwhile
            }
        }
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    /** Every sample of /metrics, summed over its labels but {@code le}: name or name{le="x"} to value. */
    static Map<String, Double> metrics(int port) throws IOException, InterruptedException {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> out = new HashMap<>();
        Matcher m = SAMPLE.matcher(text);
        while (m.find()) {
            String labels = m.group(2) == null ? "" : m.group(2);
            Matcher le = Pattern.compile("le=\"([^\"]+)\"").matcher(labels);
            String key = le.find() ? m.group(1) + "{" + le.group(1) + "}" : m.group(1);
            out.merge(key, Double.parseDouble(m.group(3)), Double::sum);
        }
        return out;
    }

    static boolean healthy(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The smallest histogram bound under which 95 % of the window's observations fall (Infinity beyond the last). */
    static double p95(String histogram, Map<String, Double> before, Map<String, Double> after, double[] bounds) {
        double total = delta(histogram + "_count", before, after);
        if (total <= 0) {
            return Double.NaN;
        }
        for (double b : bounds) {
            String key = histogram + "_bucket{" + b + "}";
            if (delta(key, before, after) >= 0.95 * total) {
                return b;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    static double delta(String key, Map<String, Double> before, Map<String, Double> after) {
        return after.getOrDefault(key, 0.0) - before.getOrDefault(key, 0.0);
    }

    private NodeRun() {
    }
}
