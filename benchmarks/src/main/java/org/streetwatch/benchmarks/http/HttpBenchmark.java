package org.streetwatch.benchmarks.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.streetwatch.review.http.HttpServer;
import org.streetwatch.review.http.Response;
import org.streetwatch.review.http.Router;

/**
 * The HTTP layer alone (Netty server, router, response writing) under keep-alive load from {@code C} connections on
 * loopback: a small JSON answer, and 64 KiB byte ranges of a 4 MiB clip sent with sendfile. Each scenario runs
 * {@code rounds} times for {@code seconds}; the table gives the median round's requests per second and its latency
 * percentiles. The clients are plain blocking sockets, so the numbers are the server's, not an HTTP client's.
 *
 * <p>Usage: HttpBenchmark [connections, default 8] [seconds, default 5] [rounds, default 3]
 */
public final class HttpBenchmark {

    private static final int CLIP_BYTES = 4 << 20;
    private static final int RANGE_BYTES = 64 << 10;

    private record Round(double rps, double p50Ms, double p99Ms) {
    }

    private HttpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path dir = Files.createTempDirectory("http-bench");
        byte[] clip = new byte[CLIP_BYTES];
        new Random(1).nextBytes(clip);
        Files.write(dir.resolve("clip.mp4"), clip);
        Router router = new Router()
                .get("/api/small", r -> Response.json(Map.of("id", "cam-1-20261201-0001", "status", "pending")))
                .get("/files/{name}", r -> Response.file(dir, r.param("name"), "video/mp4"));
        try (HttpServer server = new HttpServer(router, new HttpServer.Limits(64 * 1024, 1024, 256,
                Duration.ofSeconds(60), Duration.ofSeconds(30), 64))) {
            int port = server.start("127.0.0.1", 0);
            System.out.printf(Locale.ROOT, "| scenario | connections | requests/s (median of %d × %d s) | p50 ms | p99 ms |%n"
                    + "|---|---|---|---|---|%n", rounds, seconds);
            for (String[] sc : new String[][] {{"small JSON", "/api/small", null},
                {"64 KiB ranges of a 4 MiB clip", "/files/clip.mp4", "ranged"}}) {
                run(port, connections, 2, sc[1], sc[2] != null);          // warm-up
                List<Round> all = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    all.add(run(port, connections, seconds, sc[1], sc[2] != null));
                }
                all.sort((a, b) -> Double.compare(a.rps, b.rps));
                Round m = all.get(all.size() / 2);
                System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f |%n", sc[0], connections, m.rps, m.p50Ms,
                        m.p99Ms);
            }
        } finally {
            Files.deleteIfExists(dir.resolve("clip.mp4"));
            Files.deleteIfExists(dir);
        }
    }

    /** {@code connections} clients asking as fast as answers come, for {@code seconds}. */
    private static Round run(int port, int connections, int seconds, String path, boolean ranged) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<long[]> latencies = new ArrayList<>();
        int[] counts = new int[connections];
        CountDownLatch done = new CountDownLatch(connections);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            long[] lat = new long[2_000_000];
            latencies.add(lat);
            int id = c;
            Thread t = new Thread(() -> {
                Random rnd = new Random(id);
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setTcpNoDelay(true);
                    OutputStream out = s.getOutputStream();
                    InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
                    byte[] sink = new byte[1 << 16];
                    int n = 0;
                    while (System.nanoTime() < end && n < lat.length) {
                        String range = "";
                        if (ranged) {
                            long from = (long) rnd.nextInt(CLIP_BYTES / RANGE_BYTES) * RANGE_BYTES;
                            range = "Range: bytes=" + from + "-" + (from + RANGE_BYTES - 1) + "\r\n";
                        }
                        long t0 = System.nanoTime();
                        out.write(("GET " + path + " HTTP/1.1\r\nHost: bench\r\n" + range + "\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        readResponse(in, sink);
                        lat[n++] = System.nanoTime() - t0;
                    }
                    counts[id] = n;
                } catch (IOException e) {
                    throw new IllegalStateException("client " + id + ": " + e, e);
                } finally {
                    done.countDown();
                }
            }, "bench-client-" + c);
            threads.add(t);
            t.start();
        }
        done.await();
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int k = 0;
        for (int c = 0; c < connections; c++) {
            System.arraycopy(latencies.get(c), 0, all, k, counts[c]);
            k += counts[c];
        }
        Arrays.sort(all);
        return new Round(total / (double) seconds, all[total / 2] / 1e6, all[(int) (total * 0.99)] / 1e6);
    }

    /** Reads one response: headers to the blank line, then Content-Length bytes. */
    private static void readResponse(InputStream in, byte[] sink) throws IOException {
        StringBuilder line = new StringBuilder();
        long length = -1;
        int status = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b == '\n') {
                String l = line.toString().trim();
                line.setLength(0);
                if (l.isEmpty()) {
                    break;
                }
                if (status < 0) {
                    status = Integer.parseInt(l.split(" ")[1]);
                } else if (l.regionMatches(true, 0, "content-length:", 0, 15)) {
                    length = Long.parseLong(l.substring(15).trim());
                }
            } else {
                line.append((char) b);
            }
        }
        if (status != 200 && status != 206) {
            throw new IOException("HTTP " + status);
        }
        for (long left = length; left > 0; ) {
            int r = in.read(sink, 0, (int) Math.min(sink.length, left));
            if (r < 0) {
                throw new IOException("connection closed in the body");
            }
            left -= r;
        }
    }
}
