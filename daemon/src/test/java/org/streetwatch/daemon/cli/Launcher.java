package org.streetwatch.daemon.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code ./streetwatch} launcher as a user would, capturing its output. */
final class Launcher {

    record Result(int exit, String stdout, String stderr) {

        List<String> stderrLines() {
            return stderr.lines().filter(l -> !l.isBlank()).toList();
        }

        String lastErrorLine() {
            List<String> l = stderrLines();
            return l.isEmpty() ? "" : l.get(l.size() - 1);
        }
    }

    private Launcher() {
    }

    static Path root() {
        return Path.of(System.getProperty("streetwatch.root", "..")).toAbsolutePath().normalize();
    }

    /** A command left running (the daemon), its output going to files that can be read meanwhile. */
    record Running(Process process, Path out, Path err) implements AutoCloseable {

        String stderr() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        /** Waits up to a minute for {@code text} to show in the log; fails with the log if it does not. */
        String awaitLog(String text) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (!stderr().contains(text)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("no '" + text + "' in the log:\n" + stderr());
                }
                Thread.sleep(100);
            }
            return stderr();
        }

        /** SIGTERM, as an init system stops the daemon; returns what it printed. */
        Result stop() throws IOException, InterruptedException {
            process.destroy();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("streetwatch did not stop on SIGTERM");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), stderr());
        }

        @Override
        public void close() throws IOException {
            process.destroyForcibly();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Starts a command in the background. */
    static Running start(Map<String, String> env, String... args) throws IOException {
        Path out = Files.createTempFile("sw-out", ".txt");
        Path err = Files.createTempFile("sw-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command(args)).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        return new Running(pb.start(), out, err);
    }

    private static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(root().resolve("streetwatch").toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return runWithInput(env, "", args);
    }

    /**
     * Starts the launcher in the background under a descriptor limit ({@code ulimit -n}), its output to {@code log}.
     */
    static Process startWithDescriptorLimit(Map<String, String> env, int descriptors, Path log, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "ulimit -n " + descriptors + " && exec \"$0\" \"$@\"",
                root().resolve("streetwatch").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Runs with {@code input} on standard input (e.g. a password for --password-stdin). */
    static Result runWithInput(Map<String, String> env, String input, String... args)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("sw-out", ".txt");
        Path err = Files.createTempFile("sw-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(command(args)).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            try (var stdin = p.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("streetwatch " + String.join(" ", args) + " did not finish");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
