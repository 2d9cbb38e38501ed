package org.streetwatch.benchmarks.wall;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.daemon.wiring.Daemon;
import org.streetwatch.evidence.store.Database;
import org.streetwatch.ingest.testing.Footage;
import org.streetwatch.ingest.testing.SharedData;
import org.streetwatch.review.auth.Role;
import org.streetwatch.review.auth.Users;

/**
 * The camera wall with N cameras, in a real headless Chromium against the real daemon (in this JVM, so its HTTP
 * threads' CPU can be read alone): how long the wall takes to show its first screen of pictures, how long scrolling
 * through all N tiles takes, and what one open wall costs the server — CPU of the HTTP threads (Netty's event loops
 * and the handlers) and bytes per second sent to the page — against the same window with no wall open.
 *
 * <p>The cameras are the vtest footage looped in real time from a file; analysis runs about 20 pictures a second in
 * all (each camera's sample interval N/20 s, at least 2 s), which is what renews the wall's pictures.
 */
public final class WallBenchmark {

    private static final int WARMUP_S = 30;
    private static final int WINDOW_S = 30;
    private static final String USER = "bench.operator";
    private static final String PASSWORD = "wall-benchmark-2026";

    private WallBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] ns = args.length == 0 ? new int[] {50, 200} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        List<String> rows = new ArrayList<>();
        for (int n : ns) {
            rows.add(run(n));
            System.out.println(rows.get(rows.size() - 1));
        }
        System.out.println();
        System.out.println("| cameras | first screen of pictures | scroll through all tiles | server CPU per open wall "
                + "(HTTP threads) | server CPU, no wall | bytes/s per open wall | requests/s | notes |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static String run(int n) throws Exception {
        Path dir = Files.createTempDirectory("wall-bench-");
        Path file = config(dir, n);
        StreetwatchConfig cfg = ConfigLoader.load(file);
        try (Database db = cfg.openDatabase()) {
            new Users(db).add(USER, Role.ADMIN, Set.of(), PASSWORD.toCharArray()); // every camera, whatever its district
        }
        try (Daemon daemon = Daemon.start(cfg, false)) {
            Thread.sleep(WARMUP_S * 1000L);
            double idle = serverCpu(WINDOW_S);
            ChromeDriver page = chromium();
            try {
                JavascriptExecutor js = page;
                WebDriverWait wait = new WebDriverWait(page, Duration.ofSeconds(120));
                page.get("http://127.0.0.1:" + daemon.httpPort() + "/");
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-user"))).sendKeys(USER);
                page.findElement(By.id("login-password")).sendKeys(PASSWORD);
                page.findElement(By.id("login-submit")).click();
                wait.until(ExpectedConditions.elementToBeClickable(By.id("tab-wall")));
                js.executeScript("performance.setResourceTimingBufferSize(1000000)");
                long t0 = System.nanoTime();
                page.findElement(By.id("tab-wall")).click();
                wait.until(d -> (Boolean) js.executeScript(SCREEN_LOADED));
                double firstScreen = (System.nanoTime() - t0) / 1e9;

                // one open wall, refreshing as it does, measured on the server and in the browser
                js.executeScript("window.scrollTo(0, 0); performance.clearResourceTimings()");
                double cpu = serverCpu(WINDOW_S);
                List<?> traffic = (List<?>) js.executeScript("const r = performance.getEntriesByType('resource')"
                        + ".filter((e) => e.name.includes('/api/'));"
                        + "return [r.reduce((s, e) => s + e.transferSize, 0), r.length];");
                double bytesPerS = ((Number) traffic.get(0)).doubleValue() / WINDOW_S;
                double requestsPerS = ((Number) traffic.get(1)).doubleValue() / WINDOW_S;

                long t1 = System.nanoTime();
                wait.until(d -> (Boolean) js.executeScript("window.scrollBy(0, window.innerHeight);"
                        + "return document.querySelectorAll('#wall li').length === " + n
                        + " && window.innerHeight + window.scrollY >= document.body.scrollHeight - 2;"));
                wait.until(d -> (Boolean) js.executeScript(SCREEN_LOADED));
                double scroll = (System.nanoTime() - t1) / 1e9;
                String counts = page.findElement(By.id("wall-counts")).getText();
                return String.format(Locale.ROOT, "| %d | %.2f s | %.2f s | %.1f ms/s (%.2f %% of a core) | %.1f ms/s "
                        + "| %.0f | %.1f | %s; %d pictures renewed every %.1f s |", n, firstScreen, scroll,
                        (cpu - idle) * 1000, (cpu - idle) * 100, idle * 1000, bytesPerS, requestsPerS, counts,
                        n, Math.max(2, n / 20.0));
            } finally {
                page.quit();
            }
        }
    }

    /** True when every tile on screen whose camera has a picture shows it. */
    private static final String SCREEN_LOADED = "const tiles = [...document.querySelectorAll('#wall li')]"
            + ".filter((li) => { const r = li.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; });"
            + "return tiles.length > 0 && tiles.every((li) => !li.camera || !li.camera.picture"
            + " || li.querySelector('img').naturalWidth > 0);";

    /** CPU seconds per second of the HTTP server's threads over a window. */
    private static double serverCpu(int seconds) throws InterruptedException {
        long before = httpThreadsCpuNanos();
        Thread.sleep(seconds * 1000L);
        return (httpThreadsCpuNanos() - before) / 1e9 / seconds;
    }

    private static long httpThreadsCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && (t.getThreadName().startsWith("http-") || t.getThreadName().contains("EventLoopGroup"))) {
                sum += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    private static Path config(Path dir, int n) throws Exception {
        StringBuilder cams = new StringBuilder();
        String footage = Footage.vtestGop2s().toAbsolutePath().toString();
        for (int i = 0; i < n; i++) {
            cams.append("""
                      - id: cam-%03d
                        url: "%s"
                        place: "Benchmark street %d"
                        zones:
                          - {id: plaza, type: no_vending, polygon: [[0.40, 0.30], [0.70, 0.30], [0.70, 0.62], [0.40, 0.62]]}
                    """.formatted(i, footage, i));
        }
        Path file = dir.resolve("streetwatch.yaml");
        Files.writeString(file, """
                http: {bind: 127.0.0.1, port: 0}
                detector: {model: yolox_nano, models_dir: "%s"}
                ingest: {sample_interval_s: %s}
                evidence: {dir: evidence, min_free_mb: 100}
                cameras:
                %s""".formatted(SharedData.models(), Math.max(2, n / 20.0), cams));
        return file;
    }

    private static ChromeDriver chromium() {
        ChromeOptions o = new ChromeOptions();
        o.setBinary("/usr/bin/chromium");
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1440,1000");
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new java.io.File(
                "/usr/bin/chromedriver")).usingAnyFreePort().build(), o);
    }
}
