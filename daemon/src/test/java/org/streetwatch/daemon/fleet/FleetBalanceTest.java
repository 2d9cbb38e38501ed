package org.streetwatch.daemon.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.evidence.testing.KafkaBroker;

/**
 * Balance and stickiness from real consumer-group runs against a real KRaft broker (many members in one process):
 * cameras per node within ±10 % of the fair share, a node leaving moves only its own cameras, a node joining takes
 * a fair share and moves nothing else, and exactly one member holds the exporter.
 */
class FleetBalanceTest {

    @TempDir
    static Path dir;
    static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start(dir.resolve("kafka"));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @Test
    void sixtyCamerasOnThreeNodes() throws Exception {
        run("g60", 60, 3, 64);
    }

    @Test
    void thirtyFiveHundredCamerasOnThirtyNodes() throws Exception {
        run("g3500", 3500, 30, 512);
    }

    @Test
    void capacityWeightsTheShare() throws Exception {
        List<String> cameras = cameras(300);
        try (Group g = new Group("gcap", cameras, 128)) {
            g.add("big", 2.0);
            g.add("small-1", 1.0);
            g.add("small-2", 1.0);
            Map<String, Set<String>> a = g.stable();
            assertNear(150, a.get("big").size(), "big");
            assertNear(75, a.get("small-1").size(), "small-1");
            assertNear(75, a.get("small-2").size(), "small-2");
        }
    }

    private void run(String group, int cameraCount, int nodes, int partitions) throws Exception {
        List<String> cameras = cameras(cameraCount);
        try (Group g = new Group(group, cameras, partitions)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < nodes; i++) {
                g.add("node-" + i, 1.0);
            }
            Map<String, Set<String>> before = g.stable();
            report(group, "all joined", before, t0);
            assertBalanced(before, cameraCount);

            String leaver = "node-0";
            t0 = System.nanoTime();
            g.remove(leaver);
            Map<String, Set<String>> after = g.stable();
            report(group, leaver + " left", after, t0);
            assertBalanced(after, cameraCount);
            int moved = moved(before, after);
            assertEquals(before.get(leaver).size(), moved, "only the leaver's cameras move");

            t0 = System.nanoTime();
            g.add("node-new", 1.0);
            Map<String, Set<String>> joined = g.stable();
            report(group, "node-new joined", joined, t0);
            assertBalanced(joined, cameraCount);
            assertEquals(joined.get("node-new").size(), moved(after, joined), "only the joiner's cameras move");
        }
    }

    private static List<String> cameras(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("cam-" + i);
        }
        return ids;
    }

    /** Cameras that run on a different node after than before (cameras of nodes gone count as moved). */
    private static int moved(Map<String, Set<String>> before, Map<String, Set<String>> after) {
        Map<String, String> was = owners(before);
        Map<String, String> is = owners(after);
        int n = 0;
        for (var e : is.entrySet()) {
            if (!e.getValue().equals(was.get(e.getKey()))) {
                n++;
            }
        }
        return n;
    }

    private static Map<String, String> owners(Map<String, Set<String>> a) {
        Map<String, String> m = new HashMap<>();
        a.forEach((node, cams) -> cams.forEach(c -> m.put(c, node)));
        return m;
    }

    private static void assertBalanced(Map<String, Set<String>> a, int cameras) {
        assertEquals(cameras, a.values().stream().mapToInt(Set::size).sum(), "every camera on exactly one node");
        double fair = (double) cameras / a.size();
        a.forEach((node, cams) -> assertNear(fair, cams.size(), node));
    }

    private static void assertNear(double fair, int actual, String node) {
        assertTrue(Math.abs(actual - fair) <= 0.1 * fair, node + ": " + actual + " cameras, fair share " + fair);
    }

    private static void report(String group, String what, Map<String, Set<String>> a, long t0) {
        int min = a.values().stream().mapToInt(Set::size).min().orElse(0);
        int max = a.values().stream().mapToInt(Set::size).max().orElse(0);
        System.out.printf("fleet %s: %s: stable in %.1f s, %d nodes, cameras per node %d..%d%n", group, what,
                (System.nanoTime() - t0) / 1e9, a.size(), min, max);
    }

    /** Members of one group in this process, each with its own consumer thread as on a node. */
    private static final class Group implements AutoCloseable {
        private final String name;
        private final List<String> cameras;
        private final int partitions;
        private final Map<String, FleetMember> members = new LinkedHashMap<>();
        private final Map<String, Set<Integer>> shares = new ConcurrentHashMap<>();
        private final Map<String, Boolean> exporters = new ConcurrentHashMap<>();
        private volatile long lastChange = System.nanoTime();

        Group(String name, List<String> cameras, int partitions) {
            this.name = name;
            this.cameras = cameras;
            this.partitions = partitions;
        }

        void add(String node, double capacity) throws Exception {
            FleetMember m = FleetMember.join(new FleetMember.Options(node, broker.bootstrap(), name, name + ".fleet",
                    partitions, Duration.ofSeconds(6), capacity, new Properties()),
                    n -> CameraPartitions.weights(cameras, n), (parts, exporter) -> {
                        shares.put(node, parts);
                        exporters.put(node, exporter);
                        lastChange = System.nanoTime();
                    }, new PrometheusRegistry());
            members.put(node, m);
            shares.put(node, Set.of());
            lastChange = System.nanoTime();
            m.start();
        }

        void remove(String node) throws Exception {
            members.remove(node).close();
            shares.remove(node);
            exporters.remove(node);
            lastChange = System.nanoTime();
        }

        /**
         * Waits until every partition has one owner, every member some, one member the exporter, and nothing changed
         * for 4 s (longer than two heartbeats, after which a member would have heard of a rebalance); cameras per node.
         */
        Map<String, Set<String>> stable() throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                Thread.sleep(250);
                if (System.nanoTime() - lastChange < Duration.ofSeconds(4).toNanos()) {
                    continue;
                }
                int owned = shares.values().stream().mapToInt(Set::size).sum();
                long distinct = shares.values().stream().flatMap(Set::stream).distinct().count();
                long exporting = exporters.values().stream().filter(b -> b).count();
                boolean everyone = shares.values().stream().noneMatch(Set::isEmpty);
                if (owned == partitions && distinct == partitions && exporting == 1 && everyone) {
                    Map<String, Set<String>> out = new LinkedHashMap<>();
                    shares.forEach((node, parts) -> {
                        Set<String> cams = new java.util.TreeSet<>();
                        for (String c : cameras) {
                            if (parts.contains(CameraPartitions.of(c, partitions))) {
                                cams.add(c);
                            }
                        }
                        out.put(node, cams);
                    });
                    return out;
                }
            }
            throw new AssertionError("group " + name + " not stable in 120 s: " + shares);
        }

        @Override
        public void close() throws Exception {
            for (FleetMember m : members.values()) {
                m.close();
            }
        }
    }
}
