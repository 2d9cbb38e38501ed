package org.streetwatch.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.streetwatch.evidence.testing.Tmpfs;
import org.streetwatch.ingest.testing.Footage;
import org.streetwatch.ingest.testing.SharedData;

/** The commands of the README, through the real launcher and the packaged jar. */
class CommandLineIT {

    @TempDir
    Path dir;

    static Map<String, String> env() {
        return Map.of("STREETWATCH_MODELS", SharedData.models().toString(),
                "STREETWATCH_SAMPLES", SharedData.video("vtest.avi").getParent().toString(),
                "XDG_CACHE_HOME", Footage.cache().resolve("xdg").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "run", "cases", "demo", "detect", "eval", "explain", "verify", "keys", "users",
            "users add",
            "users passwd", "users role", "users remove", "users list", "config", "config check", "config docs", "tune",
            "fleet"})
    void everyCommandHasHelp(String command) throws Exception {
        String[] args = (command + " --help").trim().split(" ");
        Launcher.Result r = Launcher.run(env(), args);
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("Usage: streetwatch");
    }

    @Test
    void detectPrintsOneJsonObjectPerDetection() throws Exception {
        Launcher.Result r = Launcher.run(env(), "detect", "--model", "yolox_nano",
                SharedData.require("data/images/dog.jpg").toString(), SharedData.require("data/images/person.jpg").toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stdout().lines()).anyMatch(l -> l.matches("\\{\"image\":\".*dog.jpg\",\"class\":\"bicycle\","
                + "\"score\":0\\.8\\d*,\"box\":\\[[0-9.]+,[0-9.]+,[0-9.]+,[0-9.]+]}"));
        assertThat(r.stdout()).contains("\"class\":\"dog\"").contains("\"class\":\"horse\"").contains("\"class\":\"person\"");
    }

    @Test
    void detectReadsVideosAndWritesWhatTheModelSees() throws Exception {
        Launcher.Result r = Launcher.run(env(), "detect", "--every", "25", "--annotate", dir.toString(),
                SharedData.video("tud_campus_h264.mp4").toString(), SharedData.require("data/images/dog.jpg").toString());
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stdout().lines()).anyMatch(l -> l.matches("\\{\"image\":\".*tud_campus_h264.mp4\",\"frame\":50,"
                + "\"time\":2\\.0,\"class\":\"person\".*"));
        assertThat(dir.resolve("dog.jpg")).isRegularFile();
        try (org.bytedeco.javacv.FFmpegFrameGrabber g = new org.bytedeco.javacv.FFmpegFrameGrabber(
                dir.resolve("tud_campus_h264.annotated.mp4").toFile())) {
            g.start();
            assertThat(g.getLengthInFrames()).isBetween(70, 72);
            g.stop();
        }
    }

    @Test
    void demoUntilEofProducesCasesAndSaysWhere() throws Exception {
        Launcher.Result r = Launcher.run(env(), "demo", "--until-eof", "--dir", dir.toString(), "--port", "0");
        assertThat(r.exit()).as(r.stderr()).isZero();
        String last = r.stdout().lines().reduce((a, b) -> b).orElse("");
        Matcher m = Pattern.compile("cases: (\\d+) evidence: (.+)").matcher(last);
        assertThat(m.matches()).as(r.stdout()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isGreaterThanOrEqualTo(1);
        assertThat(Path.of(m.group(2))).isDirectory();
        Launcher.Result cases = Launcher.run(env(), "cases", "--config", dir.resolve("streetwatch.yaml").toString());
        assertThat(cases.exit()).as(cases.stderr()).isZero();
        assertThat(cases.stdout().lines().count()).isEqualTo(Long.parseLong(m.group(1)));
        assertThat(cases.stdout().lines().findFirst().orElseThrow())
                .contains("\"id\":", "\"camera\":\"campus-1\"", "\"rule\":\"street_vending\"", "\"zone\":",
                        "\"start\":", "\"end\":", "\"status\":\"pending\"", "\"files\":");

        // people for the review page: the demo made one; an administrator adds another
        String config = dir.resolve("streetwatch.yaml").toString();
        Launcher.Result add = Launcher.runWithInput(env(), "a long password 1\n", "users", "add", "li.wei", "--role",
                "reviewer", "--config", config, "--password-stdin");
        assertThat(add.exit()).as(add.stderr()).isZero();
        assertThat(add.stdout() + add.stderr()).doesNotContain("a long password 1");
        Launcher.Result list = Launcher.run(env(), "users", "list", "--config", config);
        assertThat(list.stdout()).contains("demo\toperator", "li.wei\treviewer");
        assertThat(Files.readString(dir.resolve("demo-login.txt"))).isNotBlank();

        // the evidence verifies; then one byte of a clip changes and a case row goes: verify names both
        Path evidence = Path.of(m.group(2));
        Launcher.Result ok = Launcher.run(env(), "verify", evidence.toString(), "--config", config);
        assertThat(ok.exit()).as(ok.stdout() + ok.stderr()).isZero();
        assertThat(ok.stdout()).startsWith("OK: ");
        // an auditor's read-only copy verifies as it is: nothing created, no mode changed, no migration run
        try (Tmpfs copy = Tmpfs.mount(dir.resolve("audit"), 64)) {
            assertThat(new ProcessBuilder("cp", "-a", evidence.toString(), copy.dir().toString()).inheritIO().start()
                    .waitFor()).isZero();
            copy.readOnly();
            Launcher.Result audit = Launcher.run(env(), "verify", copy.dir().resolve(evidence.getFileName()).toString());
            assertThat(audit.exit()).as(audit.stdout() + audit.stderr()).isZero();
            assertThat(audit.stdout()).startsWith("OK: ");
        }
        String id = cases.stdout().lines().findFirst().orElseThrow().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        // a row's camera, district and reviewer edited behind the signed log (the attacker's sqlite3 one-liner): named
        sql(evidence, "UPDATE cases SET camera = 'forged-cam', district = 'elsewhere', reviewer = 'mallory' WHERE id = '"
                + id + "'");
        Launcher.Result forged = Launcher.run(env(), "verify", evidence.toString(), "--config", config);
        assertThat(forged.exit()).isEqualTo(1);
        assertThat(forged.stdout()).contains("case " + id + ": camera in the database is 'forged-cam'",
                "case " + id + ": reviewer in the database is 'mallory'",
                "case " + id + ": district in the database is 'elsewhere', the signed manifest says 'main'");
        String clipPath = cases.stdout().lines().findFirst().orElseThrow()
                .replaceAll(".*\"path\":\"([^\"]+clip\\.mp4)\".*", "$1");
        Path clip = evidence.resolve(clipPath);
        byte[] bytes = Files.readAllBytes(clip);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(clip, bytes);
        sql(evidence, "DELETE FROM cases WHERE id = '" + id + "'");
        Launcher.Result altered = Launcher.run(env(), "verify", evidence.toString(), "--config", config);
        assertThat(altered.exit()).isEqualTo(1);
        assertThat(altered.stdout()).contains("case " + id + ": clip.mp4 was altered",
                "case " + id + ": the database has no row for it (deleted?)").contains("ALTERED: ");

        // the database deleted: named, with or without the config, and verify does not make a new one
        for (String f : List.of("cases.db", "cases.db-wal", "cases.db-shm")) {
            Files.deleteIfExists(evidence.resolve(f));
        }
        for (Launcher.Result gone : List.of(Launcher.run(env(), "verify", evidence.toString(), "--config", config),
                Launcher.run(env(), "verify", evidence.toString()))) {
            assertThat(gone.exit()).isEqualTo(1);
            assertThat(gone.stdout()).contains("the case database is missing (deleted?) but the case log names "
                    + m.group(1) + " cases");
            assertThat(evidence.resolve("cases.db")).doesNotExist();
        }
    }

    @Test
    void explainReproducesACaseAndNotAnEmptiedStillNorOtherWeights() throws Exception {
        Path demo = dir.resolve("demo");
        Launcher.Result r = Launcher.run(env(), "demo", "--until-eof", "--dir", demo.toString(), "--port", "0");
        assertThat(r.exit()).as(r.stderr()).isZero();
        String config = demo.resolve("streetwatch.yaml").toString();
        Launcher.Result cases = Launcher.run(env(), "cases", "--config", config);
        String line = cases.stdout().lines().findFirst().orElseThrow();
        String id = line.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");

        Launcher.Result ok = Launcher.run(env(), "explain", id, "--config", config);
        assertThat(ok.exit()).as(ok.stdout() + ok.stderr()).isZero();
        assertThat(ok.stdout()).contains("case " + id + ": street_vending", "model yolox_nano (weights as recorded)",
                "still-1.jpg: {person=", "still-2.jpg: {person=", "REPRODUCED: ");

        // a copy of the case whose confirming still is now an empty picture: explain re-runs the still as it is
        Path copy = dir.resolve("copy");
        copyTree(demo, copy);
        String still = line.replaceAll(".*\"path\":\"([^\"]+still-2\\.jpg)\".*", "$1");
        Path emptied = copy.resolve("evidence").resolve(still);
        try (org.bytedeco.opencv.opencv_core.Mat m = org.bytedeco.opencv.global.opencv_imgcodecs.imread(
                emptied.toString())) {
            m.put(new org.bytedeco.opencv.opencv_core.Scalar(128.0));
            org.bytedeco.opencv.global.opencv_imgcodecs.imwrite(emptied.toString(), m);
        }
        Launcher.Result empty = Launcher.run(env(), "explain", id, "--config", copy.resolve("streetwatch.yaml")
                .toString());
        assertThat(empty.exit()).as(empty.stdout() + empty.stderr()).isEqualTo(1);
        assertThat(empty.stdout()).contains("still-2.jpg: {person=0}", "differs from its signed manifest",
                "NOT REPRODUCED: the confirming still shows person 0 where the case counted");
        // the row's provenance edited behind the signed manifest (a lower dwell): verify names it
        sql(copy.resolve("evidence"), "UPDATE cases SET provenance = replace(provenance, '\"dwell_s\":8.0', "
                + "'\"dwell_s\":2.0') WHERE id = '" + id + "'");
        Launcher.Result forged = Launcher.run(env(), "verify", copy.resolve("evidence").toString());
        assertThat(forged.stdout()).contains("case " + id + ": provenance in the database is ");

        // other weights under the model's name: refused, one line
        Path models = dir.resolve("other-models");
        Files.createDirectories(models);
        Files.write(models.resolve("yolox_nano.onnx"), new byte[] {1, 2, 3});
        String builtIn;
        try (java.io.InputStream in = CommandLineIT.class.getResourceAsStream("/models/yolox_nano.yaml")) {
            builtIn = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        Files.writeString(models.resolve("yolox_nano.yaml"), builtIn.replaceAll("sha256: *\\S+", "sha256: 039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81"));
        Map<String, String> otherEnv = new java.util.HashMap<>(env());
        otherEnv.put("STREETWATCH_MODELS", models.toString());
        oneClearLine(Launcher.run(otherEnv, "explain", id, "--config", config), 2, "case " + id
                + " was decided by model yolox_nano with weights SHA-256 ", "but the models folder now holds "
                + "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81", "refusing to explain it");
        oneClearLine(Launcher.run(env(), "explain", "no-such-case", "--config", config), 2, "no case no-such-case");
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    private static void sql(Path evidence, String update) throws Exception {
        try (java.sql.Connection con = java.sql.DriverManager.getConnection("jdbc:sqlite:" + evidence.resolve("cases.db"));
             java.sql.Statement st = con.createStatement()) {
            assertThat(st.executeUpdate(update)).isEqualTo(1);
        }
    }

    private Launcher.Result runWith(String yaml) throws Exception {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, yaml.replace("VIDEO", SharedData.video("vtest_h264.mp4").toString())
                .replace("MODELS", SharedData.models().toString()));
        return Launcher.run(env(), "run", "--config", cfg.toString(), "--until-eof");
    }

    private static final String GOOD = """
            http: {port: 0}
            detector: {models_dir: "MODELS"}
            evidence: {dir: evidence}
            cameras:
              - id: cam-1
                url: VIDEO
                zones: [{id: z, type: no_vending, polygon: [[0, 0], [1, 0], [1, 1]]}]
            """;

    private void oneClearLine(Launcher.Result r, int exit, String... fragments) {
        assertThat(r.exit()).as(r.stderr()).isEqualTo(exit);
        assertThat(r.lastErrorLine()).startsWith("streetwatch: ").contains(fragments).doesNotContain("Exception");
        assertThat(r.stderr()).doesNotContain("\tat ");
    }

    @Test
    void usersAddUsageErrorsExitTwoLikeOtherUsageErrors() throws Exception {
        Path cfg = dir.resolve("users.yaml");
        Files.writeString(cfg, GOOD.replace("VIDEO", SharedData.video("vtest_h264.mp4").toString())
                .replace("MODELS", SharedData.models().toString()));
        String config = cfg.toString();
        assertThat(Launcher.run(env(), "users", "add", "wang", "--config", config).exit()).isEqualTo(2); // picocli's
        oneClearLine(Launcher.runWithInput(env(), "short\n", "users", "add", "wang", "--role", "reviewer", "--config",
                config, "--password-stdin"), 2, "a password has at least 10 characters");
        oneClearLine(Launcher.runWithInput(env(), "a long password 1\n", "users", "add", "wang", "--role", "boss",
                "--config", config, "--password-stdin"), 2, "role must be reviewer, operator or admin");
        oneClearLine(Launcher.run(env(), "users", "add", "wang", "--role", "reviewer", "--config", config,
                "--password-stdin"), 2, "no password on standard input");
        oneClearLine(Launcher.runWithInput(env(), "a long password 1\n", "users", "add", "wang!", "--role", "reviewer",
                "--config", config, "--password-stdin"), 2, "a user name is 1-64 letters");
    }

    @Test
    void usersGetDistrictsWhenAddedAndLater() throws Exception {
        Path cfg = dir.resolve("districts.yaml");
        Files.writeString(cfg, GOOD.replace("VIDEO", SharedData.video("vtest_h264.mp4").toString())
                .replace("MODELS", SharedData.models().toString()));
        String config = cfg.toString();
        Launcher.Result wang = Launcher.runWithInput(env(), "a long password 1\n", "users", "add", "wang", "--role",
                "reviewer", "--district", "jiedao-1,zhongdui.3", "--config", config, "--password-stdin");
        assertThat(wang.exit()).as(wang.stderr()).isZero();
        assertThat(wang.stdout()).contains("added wang (reviewer, districts jiedao-1,zhongdui.3)");
        Launcher.Result chief = Launcher.runWithInput(env(), "a long password 2\n", "users", "add", "chief", "--role",
                "admin", "--config", config, "--password-stdin");
        assertThat(chief.stdout()).contains("added chief (admin, all districts)");
        Launcher.Result lone = Launcher.runWithInput(env(), "a long password 3\n", "users", "add", "lone", "--role",
                "operator", "--config", config, "--password-stdin");
        assertThat(lone.stdout()).contains("added lone (operator, no district: no cases until");
        Launcher.Result moved = Launcher.run(env(), "users", "districts", "wang", "zhongdui.3", "--config", config);
        assertThat(moved.exit()).as(moved.stderr()).isZero();
        assertThat(moved.stdout()).contains("wang now sees districts zhongdui.3");
        assertThat(Launcher.run(env(), "users", "list", "--config", config).stdout()).contains(
                "wang\treviewer\tdistricts zhongdui.3\t", "chief\tadmin\tall districts\t",
                "lone\toperator\tno district");
        oneClearLine(Launcher.runWithInput(env(), "a long password 1\n", "users", "add", "x", "--role", "reviewer",
                "--district", "a b", "--config", config, "--password-stdin"), 2, "'a b' is not a district");
    }

    @Test
    void badConfigGivesOneClearLine() throws Exception {
        oneClearLine(runWith(GOOD.replace("http: {port: 0}", "http: {port: 0, verbose: true}")), 2,
                "bad.yaml: http.verbose: unknown key");
        oneClearLine(runWith(GOOD.replace("port: 0", "port: '80x'")), 2, "http.port: expected an integer");
        oneClearLine(runWith(GOOD.replace("[1, 1]]", "[1, 1.5]]")), 2, "cameras[0].zones[0].polygon[2]: expected a point");
        oneClearLine(runWith(GOOD.replace("MODELS", dir.toString())), 2,
                "detector.model: model yolox_nano: weights file yolox_nano.onnx not found");
        oneClearLine(runWith(GOOD.replace("VIDEO", "/no/such/video.mp4")), 2, "cameras[0].url: no such video file");
        oneClearLine(runWith(GOOD + "export: {sink: kafka}\n"), 2,
                "bad.yaml: export.kafka.bootstrap_servers: expected host:port of the brokers");
        oneClearLine(runWith(GOOD + "export: {sink: ftp}\n"), 2, "export.sink: expected one of none, folder, kafka, webhook");
        oneClearLine(runWith(GOOD + "http: {port: 8080}\n"), 2, "bad.yaml: line 8: duplicate key http");
        oneClearLine(runWith(GOOD + "cluster: {enabled: true}\n"), 2,
                "bad.yaml: cluster.bootstrap_servers: expected host:port of the fleet's Kafka brokers");
    }

    @Test
    void unreachableFleetBrokerGivesOneClearLine() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        oneClearLine(runWith(GOOD + "cluster: {enabled: true, node_id: n1, bootstrap_servers: \"127.0.0.1:" + port
                + "\"}\n"), 1, "cluster.bootstrap_servers: 127.0.0.1:" + port + ": no Kafka broker answered within");
    }

    @Test
    void unreachableCameraGivesOneClearLineWithoutItsPassword() throws Exception {
        Launcher.Result r = runWith(GOOD.replace("VIDEO", "rtsp://admin:S3cret'PW99@127.0.0.1:1/stream1?pwd=Q7'x&y"));
        oneClearLine(r, 1, "camera cam-1: cannot open rtsp://***@127.0.0.1:1/stream1?pwd=***");
        assertNoSecret(r.stderr() + r.stdout());
    }

    /** The parts of the passwords below; none may leave the process. */
    private static final String[] SECRET_PARTS = {"S3cret", "PW99", "Q7'x", "Tk9"};

    /** Every printable ASCII character (a raw @, quotes, space, / and ? among them) and a few others. */
    private static String everyCharacter() {
        StringBuilder s = new StringBuilder();
        for (char c = 0x20; c < 0x7f; c++) {
            s.append(c);
        }
        return s.append("密码é").toString();
    }

    private static void assertNoSecret(String text) {
        for (String part : SECRET_PARTS) {
            assertThat(text).doesNotContain(part);
        }
    }

    /** A YAML double-quoted scalar. */
    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Test
    void aPasswordWithAnyCharacterIsNotInTheConfigError() throws Exception {
        String pw = "S3cret" + everyCharacter() + "PW99";
        for (String url : new String[] {"rtsp://admin:" + pw + "@127.0.0.1:1/x", "rtsp://127.0.0.1:1/x?password=" + pw,
                "rtsp://127.0.0.1:1/x?pass=" + pw, "rtsp://127.0.0.1:1/x?pwd=" + pw}) {
            Launcher.Result r = runWith(GOOD.replace("VIDEO", quoted(url)));
            oneClearLine(r, 2, "bad.yaml: cameras[0].url: expected rtsp://host[:port]/path or a video file");
            assertNoSecret(r.stdout() + r.stderr());
            Launcher.Result check = Launcher.run(env(), "config", "check", dir.resolve("bad.yaml").toString());
            assertThat(check.exit()).isEqualTo(2);
            assertNoSecret(check.stdout() + check.stderr());
        }
    }

    /**
     * The command centre's callback on a running daemon: the service token comes from the environment variable the
     * config names; a wrong or missing token is 401, the right one reaches the dispositions (an unknown case: 404);
     * the token is never in the log. Without the variable set the daemon refuses to start, saying which.
     */
    @Test
    void theDispositionCallbackTakesTheServiceTokenFromTheEnvironmentAndNeverLogsIt() throws Exception {
        String token = "cc-T0ken-4f9a2b7e1d";
        Path cfg = dir.resolve("callback.yaml");
        Files.writeString(cfg, GOOD.replace("VIDEO", "rtsp://127.0.0.1:1/live").replace("MODELS",
                SharedData.models().toString()) + "dispositions: {token_env: SW_COMMAND_CENTRE_TOKEN}\n");
        oneClearLine(Launcher.run(env(), "run", "--config", cfg.toString(), "--until-eof"), 2, "dispositions.token_env",
                "SW_COMMAND_CENTRE_TOKEN is not set");
        Map<String, String> withToken = new java.util.HashMap<>(env());
        withToken.put("SW_COMMAND_CENTRE_TOKEN", token);
        try (Launcher.Running daemon = Launcher.start(withToken, "run", "--config", cfg.toString())) {
            Matcher port = Pattern.compile("http://[^ ]+:(\\d+)/").matcher(daemon.awaitLog("streetwatch running"));
            assertThat(port.find()).isTrue();
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            String body = "{\"case_id\":\"20990101-000000-000-nosuch\",\"step\":\"handled\"}";
            Map<String, Integer> answers = new java.util.LinkedHashMap<>();
            for (String auth : new String[] {"Bearer " + token, "Bearer wrong", null}) {
                var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port.group(1)
                        + "/api/dispositions")).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
                if (auth != null) {
                    b.header("Authorization", auth);
                }
                answers.put(String.valueOf(auth), http.send(b.build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
            }
            assertThat(answers.values()).containsExactly(404, 401, 401);
            Launcher.Result stopped = daemon.stop();
            assertThat(stopped.stdout() + stopped.stderr()).doesNotContain(token);
        }
    }

    /**
     * A dead camera whose URL carries a password (and a password parameter) with every character a URL allows there:
     * neither the reconnect warnings, /metrics, the API, the config check nor the last line say it; the case
     * database is the owner's alone.
     */
    @Test
    void aDeadCameraKeepsItsPasswordAndTheCaseDatabaseIsOwnerOnly() throws Exception {
        String url = "rtsp://admin:S3cret'PW99!$&()*+,;=~:@127.0.0.1:1/live?channel=1&password=Q7'x&y!$()*+,;~:Tk9";
        Path cfg = dir.resolve("live.yaml");
        Files.writeString(cfg, GOOD.replace("VIDEO", quoted(url)).replace("MODELS", SharedData.models().toString())
                + "ingest: {reconnect_min_s: 0.1, reconnect_max_s: 0.2}\n");
        Launcher.Result check = Launcher.run(env(), "config", "check", cfg.toString());
        assertThat(check.exit()).as(check.stderr()).isZero();
        Launcher.Result add = Launcher.runWithInput(env(), org.streetwatch.daemon.testing.ReviewClient.PASSWORD + "\n",
                "users", "add", "auditor", "--role", "operator", "--config", cfg.toString(), "--password-stdin");
        assertThat(add.exit()).as(add.stderr()).isZero();
        StringBuilder seen = new StringBuilder(check.stdout()).append(check.stderr());
        try (Launcher.Running daemon = Launcher.start(env(), "run", "--config", cfg.toString())) {
            String log = daemon.awaitLog("streetwatch running");
            Matcher port = Pattern.compile("http://[^ ]+:(\\d+)/").matcher(log);
            assertThat(port.find()).as(log).isTrue();
            daemon.awaitLog("(attempt 3,");
            var api = new org.streetwatch.daemon.testing.ReviewClient(Integer.parseInt(port.group(1))).login("auditor");
            String metrics = api.plain("/metrics");
            assertThat(metrics).contains("streetwatch_camera_up{camera=\"cam-1\"} 0.0")
                    .contains("streetwatch_camera_reconnects_total{camera=\"cam-1\"}");
            seen.append(metrics);
            for (String path : new String[] {"/api/session", "/api/cases", "/api/stats", "/api/cases?camera=cam-1"}) {
                seen.append(api.get(path));
            }
            Path db = dir.resolve("evidence/cases.db");
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Path f = db.resolveSibling("cases.db" + suffix);
                assertThat(Files.getPosixFilePermissions(f)).as(f.toString())
                        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
            Launcher.Result stopped = daemon.stop();
            assertThat(stopped.stderr()).contains("camera cam-1: cannot open rtsp://***@127.0.0.1:1/live?channel=1"
                    + "&password=***: ");
            seen.append(stopped.stdout()).append(stopped.stderr());
        }
        assertNoSecret(seen.toString());
    }

    @Test
    void corruptModelFileGivesOneClearLine() throws Exception {
        Path models = dir.resolve("models");
        Files.createDirectories(models);
        Files.write(models.resolve("yolox_nano.onnx"), new byte[] {1, 2, 3});
        oneClearLine(runWith(GOOD.replace("MODELS", models.toString())), 2,
                "has SHA-256 039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81 but the descriptor expects");
    }
}
