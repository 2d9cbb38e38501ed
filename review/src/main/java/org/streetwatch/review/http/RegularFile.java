package org.streetwatch.review.http;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Opens a file to serve: a regular file, reached from its base folder without following any link. Whoever can write
 * into an evidence folder could otherwise plant {@code clip.mp4 -> /etc/shadow}, or a case folder that is a link
 * to somewhere else, and have the server read it.
 */
final class RegularFile {

    private RegularFile() {
    }

    static FileChannel open(Path base, Path file) throws IOException {
        Path relative = base.relativize(file);
        if (relative.startsWith("..") || relative.toString().isEmpty()) {
            throw new NoSuchFileException(file.toString(), null, "outside " + base);
        }
        Path p = base;
        BasicFileAttributes a = null;
        for (Path part : relative) {
            p = p.resolve(part);
            a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink()) {
                throw new NoSuchFileException(p.toString(), null, "a link");
            }
        }
        if (!a.isRegularFile()) {
            throw new NoSuchFileException(file.toString(), null, "not a regular file");
        }
        // O_NOFOLLOW: a link swapped in after the check is refused by the open itself
        return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }
}
