package org.streetwatch.ingest.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.streetwatch.ingest.testing.FleetHarness.await;
import static org.streetwatch.ingest.testing.FleetHarness.live;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.streetwatch.ingest.testing.FleetHarness;
import org.streetwatch.ingest.testing.Footage;
import org.streetwatch.ingest.testing.RtspServer;

/**
 * 100 connect/decode/disconnect cycles (10 cameras, 10 times) must leave the thread count and the process's resident
 * memory flat: every connection, decoder, scaler, packet and frame is freed.
 */
class ReconnectLeakTest {

    private static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS");
    }

    private static void settle() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc(); // JavaCPP frees unreachable native objects from the GC's reference processing
            Thread.sleep(200);
        }
    }

    @Test
    void hundredReconnectCyclesLeaveThreadsAndMemoryFlat() throws Exception {
        int cameras = 10;
        int cycles = 10;
        long[] rss = new long[cycles];
        int[] threads = new int[cycles];
        try (RtspServer server = RtspServer.start(cameras, Footage.vtestLong(8)); FleetHarness h = new FleetHarness()) {
            List<Camera> cams = new ArrayList<>();
            for (int i = 0; i < cameras; i++) {
                cams.add(live("c" + i, server.url("cam" + i)));
            }
            int baseThreads = ManagementFactory.getThreadMXBean().getThreadCount();
            for (int cycle = 0; cycle < cycles; cycle++) {
                Map<String, Long> before = new HashMap<>();
                for (Camera c : cams) {
                    before.put(c.id(), h.frames(c.id()));
                }
                h.fleet.apply(cams);
                for (Camera c : cams) {
                    await(c.id() + " decoded a picture in cycle " + cycle, Duration.ofSeconds(15),
                            () -> h.frames(c.id()) > before.get(c.id()));
                }
                h.fleet.apply(List.of());
                settle();
                rss[cycle] = rssKb();
                threads[cycle] = ManagementFactory.getThreadMXBean().getThreadCount();
            }
            assertThat(threads[cycles - 1]).as("threads after all cycles vs before the first").isLessThanOrEqualTo(
                    baseThreads + 2);
            long growthMb = (rss[cycles - 1] - rss[2]) / 1024;
            System.out.printf("reconnect cycles: RSS after cycle 3 %d MB, after cycle %d %d MB; threads %d -> %d%n",
                    rss[2] / 1024, cycles, rss[cycles - 1] / 1024, baseThreads, threads[cycles - 1]);
            // one leaked H.264 decoder at 768x576 holds several MB; 80 leaked connections would be hundreds
            assertThat(growthMb).as("RSS growth over 80 reconnect cycles").isLessThan(40);
        }
    }
}
