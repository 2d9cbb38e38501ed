package org.streetwatch.daemon.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.detector.model.ModelCatalog;
import org.streetwatch.detector.model.ModelException;

/**
 * The demo's footage: vtest.avi (PETS 2009 S2.L1, a real pedestrian scene, 768x576, 79.5 s) as Debian's opencv-doc
 * package carries it. Taken from {@code $STREETWATCH_SAMPLES} if it is there, else fetched once with
 * {@code apt-get download opencv-doc} and {@code dpkg -x}, and checked against its known SHA-256.
 */
public final class SampleFootage {

    public static final String ENV = "STREETWATCH_SAMPLES";
    static final String VTEST_SHA256 = "45cddc9490be69345cbdab64ca583be65987e864ca408038e648db99e10516cf";
    private static final String MEMBER = "usr/share/doc/opencv-doc/examples/data/vtest.avi";
    private static final Logger LOG = LoggerFactory.getLogger(SampleFootage.class);

    private SampleFootage() {
    }

    /** The path of a verified vtest.avi, fetching it into {@code cache} if needed. */
    public static Path vtest(Path cache) throws IOException {
        String env = System.getenv(ENV);
        Path dir = env != null && !env.isBlank() ? Path.of(env) : cache;
        Path file = dir.resolve("vtest.avi");
        if (Files.isRegularFile(file)) {
            verify(file);
            return file;
        }
        if (env != null && !env.isBlank()) {
            throw new IOException(ENV + "=" + env + " has no vtest.avi");
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempDirectory(dir, "opencv-doc-");
        try {
            LOG.info("fetching sample footage: apt-get download opencv-doc (96 MB, once)");
            if (run(tmp, "apt-get", "download", "opencv-doc") != 0) {
                if (!"root".equals(System.getProperty("user.name")) || run(tmp, "apt-get", "update") != 0
                        || run(tmp, "apt-get", "download", "opencv-doc") != 0) {
                    throw new IOException("apt-get download opencv-doc failed; run `sudo apt-get update` first, or set "
                            + ENV + " to a folder holding vtest.avi");
                }
            }
            Path deb;
            try (Stream<Path> s = Files.list(tmp)) {
                deb = s.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst()
                        .orElseThrow(() -> new IOException("apt-get download left no .deb file"));
            }
            Path root = tmp.resolve("root");
            if (run(tmp, "dpkg", "-x", deb.toString(), root.toString()) != 0) {
                throw new IOException("dpkg -x " + deb.getFileName() + " failed");
            }
            Path extracted = root.resolve(MEMBER);
            if (!Files.isRegularFile(extracted)) {
                throw new IOException(deb.getFileName() + " has no " + MEMBER);
            }
            verify(extracted);
            Files.move(extracted, file, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } finally {
            deleteTree(tmp);
        }
    }

    private static void verify(Path file) throws IOException {
        try {
            String sum = ModelCatalog.sha256(file);
            if (!sum.equals(VTEST_SHA256)) {
                throw new IOException(file + " is not the expected vtest.avi (SHA-256 " + sum + ")");
            }
        } catch (ModelException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static int run(Path dir, String... cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(List.of(cmd)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        try {
            Process p = pb.start();
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            LOG.debug("{} failed: {}", cmd[0], e.getMessage());
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
