package org.streetwatch.evidence.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.streetwatch.hash.Sha256;

/**
 * The evidence files on disk. A case is assembled in {@code staging/ID/} (each file written to a temporary name,
 * fsynced, renamed), then the whole folder is renamed into {@code cases/YYYY/MM/DD/ID/} in one atomic step and the
 * parent fsynced. A crash leaves either a staging folder (swept at the next start) or a complete case folder, never a
 * half case where a reviewer can see it.
 */
public final class EvidenceFolder {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    private final Path root;
    private final Path staging;
    private final Path cases;

    public EvidenceFolder(Path root) throws StoreException {
        this.root = root.toAbsolutePath().normalize();
        this.staging = this.root.resolve("staging");
        this.cases = this.root.resolve("cases");
        try {
            Files.createDirectories(staging);
            Files.createDirectories(cases);
        } catch (IOException e) {
            throw new StoreException("cannot create evidence folder " + this.root + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    /** Removes what a crash left half-written; returns how many staging folders were removed. */
    public int sweepStaging() throws IOException {
        int n = 0;
        try (Stream<Path> s = Files.list(staging)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                deleteTree(p);
                n++;
            }
        }
        return n;
    }

    /** A fresh staging folder for a case. */
    public Path stage(String caseId) throws IOException {
        Path dir = staging.resolve(caseId);
        deleteTree(dir);
        Files.createDirectories(dir);
        return dir;
    }

    /** Removes the staging folder of a case that will not be committed. */
    public void unstage(Path stagingDir) throws IOException {
        if (!stagingDir.toAbsolutePath().normalize().startsWith(staging)) {
            throw new IllegalArgumentException("not a staging folder: " + stagingDir);
        }
        deleteTree(stagingDir);
    }

    /** The folder a committed case lives in, relative to the root: {@code cases/YYYY/MM/DD/ID}. */
    public static String relativeDir(String caseId, long confirmedAtMs) {
        return "cases/" + DAY.format(Instant.ofEpochMilli(confirmedAtMs)) + "/" + caseId;
    }

    public Path resolve(String relative) {
        Path p = root.resolve(relative).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("path outside the evidence folder: " + relative);
        }
        return p;
    }

    /** Writes a file durably: temporary name, fsync, rename. A failed write (a full disk) leaves nothing behind. */
    public static void writeDurably(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Flushes a file written by someone else (the muxer) to disk. */
    public static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Moves a complete staging folder to its place; after this returns, the case's files are durable. */
    public Path commit(Path stagingDir, String relativeDir) throws IOException {
        fsync(stagingDir);
        Path target = resolve(relativeDir);
        Files.createDirectories(target.getParent());
        Files.move(stagingDir, target, StandardCopyOption.ATOMIC_MOVE);
        fsync(target.getParent());
        fsync(staging);
        return target;
    }

    /** Bytes free for new evidence on the folder's file system. */
    public long usableBytes() {
        try {
            return Files.getFileStore(root).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Every committed case folder (those holding a manifest). */
    public List<Path> caseDirs() throws IOException {
        List<Path> out = new ArrayList<>();
        Files.walkFileTree(cases, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (Files.isRegularFile(dir.resolve("manifest.json"))) {
                    out.add(dir);
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }

    public static String sha256(byte[] bytes) {
        return Sha256.of(bytes);
    }

    public static String sha256(Path file) throws IOException {
        return Sha256.of(file);
    }

    /**
     * Deletes the evidence files of a committed case (retention), durably. Its signed manifest stays (a few hundred
     * bytes): what the case's row says can still be checked against it.
     */
    public void removeFiles(String relativeDir, List<String> names) throws IOException {
        Path dir = resolve(relativeDir);
        for (String name : names) {
            Path f = dir.resolve(name).normalize();
            if (!f.getParent().equals(dir)) {
                throw new IOException("not a file of " + relativeDir + ": " + name);
            }
            Files.deleteIfExists(f);
        }
        if (Files.isDirectory(dir)) {
            fsync(dir);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
