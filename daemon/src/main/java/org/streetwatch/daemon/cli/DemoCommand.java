package org.streetwatch.daemon.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.daemon.config.ModelDirs;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.daemon.demo.DemoConfig;
import org.streetwatch.daemon.demo.SampleFootage;
import org.streetwatch.daemon.wiring.Daemon;
import org.streetwatch.evidence.store.CaseQuery;
import org.streetwatch.evidence.store.Database;
import org.streetwatch.ingest.source.CameraFootage;
import org.streetwatch.review.auth.Role;
import org.streetwatch.review.auth.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true, description = {
        "Runs streetwatch on sample footage with the embedded defaults (SQLite, in-process queue, local evidence).",
        "Fetches vtest.avi (Debian opencv-doc; or $STREETWATCH_SAMPLES) and the YOLOX-Nano model ($STREETWATCH_MODELS,",
        "else models/fetch), writes a demo config, and plays the footage as a looping camera until Ctrl-C.",
        "With --until-eof it processes the footage once and prints 'cases: N evidence: DIR'."})
final class DemoCommand implements Callable<Integer> {

    private static final String MODEL_FILE = "yolox_nano.onnx";
    private static final String DEMO_USER = "demo";

    @Option(names = "--until-eof", description = "Process the footage once at full speed, print a summary, exit")
    boolean untilEof;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Demo folder (config, evidence, database); default: data/demo under the streetwatch folder")
    Path dir;

    @Option(names = "--port", defaultValue = "8080", description = "Review page port (default: ${DEFAULT-VALUE})")
    int port;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("streetwatch.home", ".")).toAbsolutePath().normalize();
        Path work = dir != null ? dir : home.resolve("data").resolve("demo");
        Path cache = cacheDir();
        Path vtest = SampleFootage.vtest(cache.resolve("samples"));
        // a camera sends H.264 with a short GOP; vtest is MPEG-4 with a 25 s GOP: encode once, then only remux
        Path camera = CameraFootage.h264(vtest, cache.resolve("samples").resolve("vtest_h264_gop2s.mp4"), 2.0,
                1_000_000);
        ensureModel(home);
        Path config = DemoConfig.write(work, camera, port);
        StreetwatchConfig cfg = ConfigLoader.load(config);
        String login = demoUser(cfg, work);
        Daemon daemon = Daemon.start(cfg, untilEof);
        if (untilEof) {
            try {
                daemon.awaitFilesDone(Duration.ofHours(1));
                int cases = daemon.store().count(CaseQuery.all());
                System.out.println("cases: " + cases + " evidence: " + cfg.evidenceDir());
            } finally {
                daemon.close();
            }
            return 0;
        }
        System.out.println("streetwatch demo: review page http://127.0.0.1:" + daemon.httpPort() + "/  " + login
                + "  (config " + config + ", evidence " + cfg.evidenceDir() + "; Ctrl-C stops)");
        RunCommand.runUntilStopped(daemon);
        return 0;
    }

    /**
     * The demo's reviewer: made on the first run with a random password, which is kept (owner-only) in the demo
     * folder so that every run can print it. Real deployments add people with {@code streetwatch users}.
     */
    private static String demoUser(StreetwatchConfig cfg, Path work) throws Exception {
        Path file = work.resolve("demo-login.txt");
        try (Database db = cfg.openDatabase()) {
            Users users = new Users(db);
            if (users.find(DEMO_USER).isEmpty() || !Files.exists(file)) {
                String password = randomPassword();
                if (users.find(DEMO_USER).isEmpty()) {
                    users.add(DEMO_USER, Role.OPERATOR, cfg.cameras().stream()
                            .map(StreetwatchConfig.CameraConfig::district).collect(Collectors.toSet()),
                            password.toCharArray());
                } else {
                    users.password(DEMO_USER, password.toCharArray());
                }
                Files.deleteIfExists(file);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, password + "\n");
            }
            return "user " + DEMO_USER + " password " + Files.readString(file).strip();
        }
    }

    private static String randomPassword() {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom r = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 14; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static Path cacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("streetwatch");
    }

    /** The default model from the models folders, else fetched by models/fetch (checked against its SHA-256). */
    private static void ensureModel(Path home) throws IOException, CommandFailure, InterruptedException {
        List<Path> dirs = ModelDirs.defaults();
        for (Path d : dirs) {
            if (Files.isRegularFile(d.resolve(MODEL_FILE))) {
                return;
            }
        }
        Path fetch = home.resolve("models").resolve("fetch");
        if (!Files.isExecutable(fetch)) {
            throw new CommandFailure(MODEL_FILE + " not found in " + dirs + " and no models/fetch script at " + fetch
                    + "; set " + ModelDirs.ENV + " to a folder that holds it");
        }
        Process p = new ProcessBuilder(fetch.toString(), "yolox_nano").inheritIO().start();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new CommandFailure("models/fetch yolox_nano failed; set " + ModelDirs.ENV
                    + " to a folder holding " + MODEL_FILE + " (see models/README.md)");
        }
    }
}
