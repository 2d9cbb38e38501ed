package org.streetwatch.daemon.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.daemon.testing.DemoSetup;
import org.streetwatch.daemon.wiring.Daemon;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.cases.EvidenceFile;
import org.streetwatch.evidence.integrity.CaseLog;
import org.streetwatch.evidence.integrity.Verifier;
import org.streetwatch.evidence.store.CaseQuery;
import org.streetwatch.evidence.store.EvidenceFolder;

/**
 * {@code kill -9} of a real daemon process while it writes cases, at three moments (stills written, clip written,
 * case log appended), then a restart: no half case is visible, every case row's files are there and intact, the
 * evidence folder verifies, and the case a person confirmed before the crash is still confirmed.
 */
class CrashIT {

    private static final String NO_EXPORT = "export:\n  sink: none\n";

    @TempDir
    Path dir;

    @Test
    void killMinus9DuringCaseWritesLeavesNoHalfCaseAndLosesNoConfirmedCase() throws Exception {
        Path work = dir.resolve("node");
        Path evidence = work.resolve("evidence");
        String confirmed;
        try (Daemon d = Daemon.start(ConfigLoader.load(DemoSetup.write(work, List.of("campus-1"), NO_EXPORT)), true)) {
            d.awaitFilesDone(Duration.ofMinutes(5));
            confirmed = d.store().list(CaseQuery.all()).get(0).id();
            d.reviews().decide(confirmed, CaseStatus.CONFIRMED, "li.wei", null);
        }

        record Moment(String name, Predicate<Path> reached) {
        }
        Path log = evidence.resolve(CaseLog.FILE);
        long logSize = Files.size(log);
        List<Moment> moments = List.of(
                new Moment("stills staged", e -> staged(e, "still-1-annotated.jpg")),
                new Moment("clip staged", e -> staged(e, "clip.mp4")),
                new Moment("case logged", e -> size(log) > logSize + 0));
        List<String> seen = new ArrayList<>();
        int round = 0;
        for (Moment m : moments) {
            long before = size(log);
            Path config = DemoSetup.write(work, List.of("crash-" + round++), NO_EXPORT);
            Path out = work.resolve("daemon-" + round + ".log");
            Process p = daemonProcess(config, out);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            Predicate<Path> reached = m.name().equals("case logged") ? e -> size(log) > before : m.reached();
            while (!reached.test(evidence) && p.isAlive() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(p.isAlive()).as(() -> "the daemon was still writing at '" + m.name() + "'; it exited "
                    + p.exitValue() + " with:\n" + read(out)).isTrue();
            p.destroyForcibly(); // SIGKILL
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            seen.add(m.name() + ": staging held " + stagingContents(evidence));

            try (Daemon d = Daemon.start(ConfigLoader.load(DemoSetup.write(work, List.of(), NO_EXPORT)), false)) {
                try (Stream<Path> s = Files.list(evidence.resolve("staging"))) {
                    assertThat(s.toList()).as("half-written cases swept").isEmpty();
                }
                List<Case> rows = d.store().list(CaseQuery.all());
                for (Case c : rows) {
                    for (EvidenceFile f : c.evidence().files()) {
                        Path file = evidence.resolve(c.evidence().dir()).resolve(f.name());
                        assertThat(file).as("case %s file %s", c.id(), f.name()).exists();
                        assertThat(EvidenceFolder.sha256(file)).isEqualTo(f.sha256());
                    }
                }
                Verifier.Report r = Verifier.verify(evidence, d.store());
                assertThat(r.problems()).as("verify after a kill at '" + m.name() + "'").isEmpty();
                assertThat(d.store().get(confirmed).orElseThrow().review().status()).isEqualTo(CaseStatus.CONFIRMED);
            }
        }
        System.out.println("kill -9 moments: " + seen);
    }

    private static boolean staged(Path evidence, String name) {
        try (Stream<Path> s = Files.list(evidence.resolve("staging"))) {
            return s.anyMatch(d -> Files.exists(d.resolve(name)));
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static List<String> stagingContents(Path evidence) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(evidence.resolve("staging"))) {
            s.filter(Files::isRegularFile).forEach(f -> out.add(f.getFileName().toString()));
        }
        return out;
    }

    /**
     * The daemon in a JVM of its own. The class path goes in CLASSPATH, not on the command line: ONNX Runtime 1.29
     * crashes the process (SIGSEGV, no hs_err file) when /proc/self/cmdline is longer than about 4 KB.
     */
    private static Process daemonProcess(Path config, Path logFile) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "org.streetwatch.daemon.cli.Main", "run", "--config", config.toString(), "--until-eof");
        pb.environment().put("CLASSPATH", cp);
        return pb.redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
    }
}
