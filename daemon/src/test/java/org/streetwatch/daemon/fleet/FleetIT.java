package org.streetwatch.daemon.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.daemon.testing.DemoSetup;
import org.streetwatch.daemon.testing.ReviewClient;
import org.streetwatch.evidence.store.Database;
import org.streetwatch.evidence.testing.KafkaBroker;
import org.streetwatch.ingest.testing.Footage;
import org.streetwatch.ingest.testing.RtspServer;
import org.streetwatch.review.auth.Role;
import tools.jackson.databind.JsonNode;

/**
 * Three real daemon processes ({@code ./streetwatch run}) on one config, a real KRaft broker, PostgreSQL and
 * GStreamer's RTSP server with 60 cameras (59 sampled every 5 s, one with the demo's zones at 1 s, which makes a
 * case): every camera up on exactly one node; the case one node wrote is listed, played and confirmed through
 * another; {@code kill -9} of the exporter node moves only its cameras, to the two others, within the session
 * timeout + 20 s, and the confirmed case reaches the cases topic exactly once; the node restarted takes a fair
 * share back, from the others only; a camera added to the config starts on one node. {@code streetwatch fleet} and {@code keys} show every node, and {@code verify}
 * checks the three nodes' evidence, naming the node of an altered file.
 */
class FleetIT {

    private static final int CAMERAS = 60;
    private static final int SESSION_S = 6;
    private static final Duration HEARTBEAT_FRESH = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void threeNodesShareSixtyCamerasFailOverAndServeEachOthersCases() throws Exception {
        String pgUrl = System.getenv("STREETWATCH_TEST_PG_URL");
        if (pgUrl == null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but STREETWATCH_TEST_PG_URL is not set: .ci/run starts it");
            }
            Assumptions.abort("no PostgreSQL: set STREETWATCH_TEST_PG_URL (scripts/test does)");
        }
        String schema = "fleet_it_" + ProcessHandle.current().pid();
        String url = pgUrl + (pgUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"));
             RtspServer rtsp = RtspServer.start(CAMERAS, Footage.vtestLong(8));
             Nodes nodes = new Nodes()) {
            Map<String, Path> configs = writeConfigs(rtsp, broker.bootstrap(), url);
            StreetwatchConfig cfg = ConfigLoader.load(configs.get("node-a"));
            ReviewClient.addUser(cfg, "op", Role.OPERATOR);
            try (Database db = cfg.openDatabase()) {
                FleetRows rows = new FleetRows(db);
                long t0 = System.nanoTime();
                for (String id : configs.keySet()) {
                    nodes.start(id, configs.get(id), dir.resolve(id + ".log"));
                }
                Map<String, Set<String>> all = await(rows, nodes, "all cameras up on exactly one of three nodes",
                        a -> a.size() == 3);
                System.out.printf("fleet IT: 3 nodes up, %d cameras running in %.1f s: %s%n", CAMERAS,
                        secs(t0), sizes(all));

                // a case node A wrote, listed, played and confirmed through node B
                String writer = owner(all, "case-cam");
                String caseId = awaitCase(db);
                String exporterNode = live(rows).stream().filter(FleetRows.Node::exporter).findFirst()
                        .orElseThrow().id();
                String other = configs.keySet().stream().filter(n -> !n.equals(writer) && !n.equals(exporterNode))
                        .findFirst().orElseGet(() -> configs.keySet().stream().filter(n -> !n.equals(writer))
                                .findFirst().orElseThrow());
                ReviewClient b = new ReviewClient(port(rows, other)).login("op");
                assertThat(b.get("/api/cases").path("cases").toString()).contains(caseId);
                JsonNode c = b.get("/api/cases/" + caseId);
                String clip = null;
                for (JsonNode f : c.path("files")) {
                    if (f.path("role").asString().equals("clip")) {
                        clip = f.path("url").asString();
                    }
                }
                if (clip != null) {
                    HttpResponse<String> played = b.call(clip, null);
                    assertThat(played.statusCode()).as("clip of %s's case through %s", writer, other).isEqualTo(200);
                    assertThat(played.body()).isNotEmpty();
                }
                b.review(caseId, "confirm", "seen on the clip");
                System.out.printf("fleet IT: case %s written by %s, played (clip %s) and confirmed through %s%n",
                        caseId, writer, clip != null, other);

                // kill -9 of the exporter node
                Map<String, Set<String>> before = all;
                long k0 = System.nanoTime();
                nodes.kill(exporterNode);
                Map<String, Set<String>> after = await(rows, nodes, "the killed node's cameras up on the others",
                        a -> a.size() == 2 && !a.containsKey(exporterNode));
                double failover = secs(k0);
                for (String survivor : after.keySet()) {
                    assertThat(after.get(survivor)).as("%s keeps its cameras", survivor)
                            .containsAll(before.get(survivor));
                }
                System.out.printf("fleet IT: kill -9 %s (exporter, %d cameras): all up on %s in %.1f s "
                        + "(session timeout %d s); none moved between survivors%n", exporterNode,
                        before.get(exporterNode).size(), after.keySet(), failover, SESSION_S);
                assertThat(failover).isLessThan(SESSION_S + 20);
                double fromDead = 0;
                for (String survivor : after.keySet()) {
                    fromDead += metric(new ReviewClient(port(rows, survivor)).plain("/metrics"),
                            "streetwatch_fleet_cameras_from_dead_node_total{node=\"" + survivor + "\"}");
                }
                assertThat(fromDead).as("cameras counted as taken from a dead node").isEqualTo(
                        before.get(exporterNode).size());
                awaitExportedOnce(broker, caseId);
                if (writer.equals(exporterNode)) {
                    evidenceUnavailable(b, caseId, clip, writer);
                } else {
                    System.out.println("fleet IT: the case's writer is alive: its folder is not taken away");
                }

                // the node back: takes a fair share from the others only
                long r0 = System.nanoTime();
                nodes.start(exporterNode, configs.get(exporterNode), dir.resolve(exporterNode + "-2.log"));
                Map<String, Set<String>> back = await(rows, nodes, "the restarted node has a fair share",
                        a -> a.size() == 3 && Math.abs(a.get(exporterNode).size() - CAMERAS / 3.0) <= CAMERAS / 30.0);
                for (String survivor : after.keySet()) {
                    assertThat(after.get(survivor)).as("%s only gives cameras away", survivor)
                            .containsAll(back.get(survivor));
                }
                System.out.printf("fleet IT: %s back in %.1f s with %d cameras, moved only to it: %s%n",
                        exporterNode, secs(r0), back.get(exporterNode).size(), sizes(back));
                assertThat(broker.readAll("fleet-it.cases").stream().filter(r -> r.key().equals(caseId)).count())
                        .as("the case on the cases topic").isEqualTo(1);

                // a camera added to the file (every node's) starts on exactly one node, the others untouched
                for (Path f : configs.values()) {
                    Files.writeString(f, Files.readString(f) + "  - id: cam-added\n    url: \"" + rtsp.url("cam1")
                            + "\"\n    sample_interval_s: 5\n");
                }
                long a0 = System.nanoTime();
                Map<String, Set<String>> added = await(rows, nodes, "the added camera on one node", CAMERAS + 1,
                        a -> a.size() == 3 && a.values().stream().anyMatch(cams -> cams.contains("cam-added")));
                for (String node : back.keySet()) {
                    Set<String> others = new HashSet<>(added.get(node));
                    others.remove("cam-added");
                    assertThat(others).as("%s's cameras untouched by the addition", node).isEqualTo(back.get(node));
                }
                System.out.printf("fleet IT: a camera added to the config up on %s in %.1f s: %s%n",
                        owner(added, "cam-added"), secs(a0), sizes(added));

                // operators' commands over the fleet, then verify of the whole evidence store, nodes stopped
                String fleet = cli("fleet", "--config", configs.get("node-b").toString());
                assertThat(fleet).contains("\"id\" : \"node-a\"", "\"id\" : \"node-b\"", "\"id\" : \"node-c\"",
                        "\"unassigned\" : [ ]");
                assertThat(cli("keys", "--config", configs.get("node-b").toString()))
                        .contains("# node node-a fingerprint", "# node node-b fingerprint", "# node node-c fingerprint");
                nodes.close();
                String evidence = dir.resolve("evidence").toString();
                assertThat(cli("verify", evidence, "--config", configs.get("node-b").toString()))
                        .contains("OK: 3 nodes");
                Path clipFile = null;
                try (var files = Files.walk(dir.resolve("evidence").resolve(writer).resolve("cases"))) {
                    clipFile = files.filter(f -> f.getFileName().toString().equals("clip.mp4")).findFirst()
                            .orElseThrow();
                }
                Files.write(clipFile, new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
                String altered = cliFailing("verify", evidence, "--config", configs.get("node-b").toString());
                assertThat(altered).contains("node " + writer + ": case ", "clip.mp4 was altered", "ALTERED: 3 nodes");
                System.out.println("fleet IT: verify of the 3 nodes' evidence: OK, then after a clip edited:\n"
                        + altered);
            } finally {
                dropSchema(pgUrl, schema);
            }
        }
    }

    /**
     * The dead writer's folder gone from the shared storage (unmounted): another node says so, on the page's case
     * and as a 503 for its files, and serves them again once it is back.
     */
    private void evidenceUnavailable(ReviewClient b, String caseId, String clip, String writer) throws Exception {
        Path folder = dir.resolve("evidence").resolve(writer);
        Path away = dir.resolve("unmounted");
        Files.move(folder, away);
        try {
            String unavailable = "evidence on node " + writer + " unavailable";
            assertThat(b.get("/api/cases/" + caseId).path("evidence_unavailable").asString()).isEqualTo(unavailable);
            if (clip != null) {
                HttpResponse<String> r = b.call(clip, null);
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.body()).contains(unavailable);
            }
        } finally {
            Files.move(away, folder);
        }
        assertThat(b.get("/api/cases/" + caseId).has("evidence_unavailable")).isFalse();
    }

    private Map<String, Path> writeConfigs(RtspServer rtsp, String bootstrap, String url) throws IOException {
        String base = Files.readString(DemoSetup.write(dir, List.of("case-cam"), ""));
        base = base.replaceFirst("url: \"[^\"]*\"", "url: \"" + rtsp.url("cam0") + "\"");
        base = base.replace("evidence:\n  dir: evidence\n", "evidence:\n  dir: evidence\n  database: \"" + url
                + "\"\n  database_user: streetwatch\n  database_password_env: STREETWATCH_TEST_PG_PASSWORD\n");
        StringBuilder cams = new StringBuilder();
        for (int i = 1; i < CAMERAS; i++) {
            cams.append("  - id: cam-").append(i).append("\n    url: \"").append(rtsp.url("cam" + i))
                    .append("\"\n    sample_interval_s: 5\n");
        }
        Map<String, Path> out = new LinkedHashMap<>();
        for (String node : List.of("node-a", "node-b", "node-c")) {
            String yaml = base.replace("cameras:\n", "export:\n  sink: kafka\n  kafka:\n    bootstrap_servers: \""
                    + bootstrap + "\"\n    topic: fleet-it.cases\n  retry_max_s: 2\n"
                    + "cluster:\n  enabled: true\n  node_id: " + node + "\n  bootstrap_servers: \"" + bootstrap
                    + "\"\n  group: fleet-it\n  topic: fleet-it\n  partitions: 64\n  session_timeout_s: " + SESSION_S
                    + "\ncameras:\n") + cams;
            Path f = dir.resolve(node + ".yaml");
            Files.writeString(f, yaml);
            out.put(node, f);
        }
        return out;
    }

    /** Waits (3 min at most) until the live nodes run every camera once, all up, and {@code also} holds. */
    private static Map<String, Set<String>> await(FleetRows rows, Nodes nodes, String what,
                                                  Predicate<Map<String, Set<String>>> also) throws Exception {
        return await(rows, nodes, what, CAMERAS, also);
    }

    private static Map<String, Set<String>> await(FleetRows rows, Nodes nodes, String what, int cameras,
                                                  Predicate<Map<String, Set<String>>> also) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        Map<String, Set<String>> last = Map.of();
        while (System.nanoTime() < deadline) {
            nodes.checkAlive();
            Map<String, Set<String>> a = new HashMap<>();
            int running = 0;
            boolean allUp = true;
            for (FleetRows.Node n : live(rows)) {
                a.put(n.id(), new HashSet<>(n.cameras()));
                running += n.cameras().size();
                allUp &= n.down().isEmpty();
            }
            Set<String> distinct = new HashSet<>();
            a.values().forEach(distinct::addAll);
            if (allUp && running == cameras && distinct.size() == cameras && also.test(a)) {
                return a;
            }
            last = a;
            Thread.sleep(500);
        }
        throw new AssertionError("not reached: " + what + "; last: " + sizes(last));
    }

    private static List<FleetRows.Node> live(FleetRows rows) throws Exception {
        long now = System.currentTimeMillis();
        return rows.nodes().stream().filter(n -> now - n.heartbeatAt() < HEARTBEAT_FRESH.toMillis()).toList();
    }

    private static String owner(Map<String, Set<String>> a, String camera) {
        return a.entrySet().stream().filter(e -> e.getValue().contains(camera)).findFirst().orElseThrow().getKey();
    }

    private static int port(FleetRows rows, String node) throws Exception {
        String url = rows.nodes().stream().filter(n -> n.id().equals(node)).findFirst().orElseThrow().url();
        return URI.create(url).getPort();
    }

    private static String awaitCase(Database db) throws Exception {
        org.streetwatch.evidence.store.CaseStore store = new org.streetwatch.evidence.store.CaseStore(db);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            var cases = store.list(org.streetwatch.evidence.store.CaseQuery.all());
            if (!cases.isEmpty()) {
                return cases.get(0).id();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no case from case-cam in 3 min");
    }

    private static void awaitExportedOnce(KafkaBroker broker, String caseId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            if (broker.readAll("fleet-it.cases").stream().anyMatch(r -> r.key().equals(caseId))) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("case " + caseId + " not on the cases topic a minute after the exporter node died");
    }

    /** Runs a streetwatch command; its standard output, failing the test on a non-zero exit. */
    private static String cli(String... args) throws Exception {
        Process p = command(args);
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("streetwatch %s:%n%s", String.join(" ", args), out).isZero();
        return out;
    }

    /** The same for a command that must fail with exit 1. */
    private static String cliFailing(String... args) throws Exception {
        Process p = command(args);
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("streetwatch %s:%n%s", String.join(" ", args), out).isEqualTo(1);
        return out;
    }

    private static Process command(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(root().resolve("streetwatch").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        return pb.start();
    }

    private static Path root() {
        return Path.of(System.getProperty("streetwatch.root", "..")).toAbsolutePath().normalize();
    }

    private static double metric(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(
                l.substring(series.length() + 1).trim())).sum();
    }

    private static Map<String, Integer> sizes(Map<String, Set<String>> a) {
        Map<String, Integer> m = new java.util.TreeMap<>();
        a.forEach((k, v) -> m.put(k, v.size()));
        return m;
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void dropSchema(String pgUrl, String schema) throws Exception {
        try (Connection c = DriverManager.getConnection(pgUrl, System.getenv("STREETWATCH_TEST_PG_USER"),
                System.getenv("STREETWATCH_TEST_PG_PASSWORD")); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** The daemon processes, killed at the end whatever happens. */
    private static final class Nodes implements AutoCloseable {
        private final Map<String, Process> running = new LinkedHashMap<>();
        private final Map<String, Path> logs = new HashMap<>();

        void start(String id, Path config, Path log) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(root().resolve("streetwatch").toString(), "run", "--config",
                    config.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("STREETWATCH_JAVA_OPTS", "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
            running.put(id, pb.start());
            logs.put(id, log);
        }

        void kill(String id) throws InterruptedException {
            Process p = running.remove(id);
            p.destroyForcibly(); // SIGKILL: the launcher execs java
            p.waitFor(30, TimeUnit.SECONDS);
        }

        void checkAlive() throws IOException {
            for (var e : running.entrySet()) {
                if (!e.getValue().isAlive()) {
                    throw new AssertionError(e.getKey() + " exited " + e.getValue().exitValue() + ":\n"
                            + Files.readString(logs.get(e.getKey())));
                }
            }
        }

        /** SIGTERM to each (they hand their cameras on and finish their cases), SIGKILL after a minute. */
        @Override
        public void close() throws InterruptedException {
            for (Process p : running.values()) {
                p.destroy();
            }
            for (Process p : running.values()) {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            running.clear();
        }
    }
}
