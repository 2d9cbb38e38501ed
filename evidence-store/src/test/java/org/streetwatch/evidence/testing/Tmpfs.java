package org.streetwatch.evidence.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * A small file system of a test's own (tmpfs; the tests run as root, here and in CI): a disk that fills up, or one
 * made read-only. Outside CI, where mounting may be refused, the test is skipped; under CI=true it fails.
 */
public final class Tmpfs implements AutoCloseable {

    private final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code megabytes} at {@code dir} (created if missing). */
    public static Tmpfs mount(Path dir, int megabytes) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String out = exec("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString());
        if (out != null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("cannot mount a tmpfs at " + dir + " (run as root): " + out);
            }
            Assumptions.abort("cannot mount a tmpfs (not root?): " + out);
        }
        return new Tmpfs(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Remounts it read-only: nothing on it can be written, created or have its mode changed. */
    public void readOnly() throws IOException, InterruptedException {
        String out = exec("mount", "-o", "remount,ro", dir.toString());
        if (out != null) {
            throw new IllegalStateException("cannot remount " + dir + " read-only: " + out);
        }
    }

    /** Unmounts it (lazily: a file a failed test left open does not keep it mounted). */
    @Override
    public void close() throws IOException, InterruptedException {
        String out = exec("umount", "-l", dir.toString());
        if (out != null) {
            throw new IllegalStateException("cannot unmount " + dir + ": " + out);
        }
    }

    /** Runs a command; null if it succeeded, else what it printed. */
    private static String exec(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor() == 0 ? null : out.strip();
    }
}
