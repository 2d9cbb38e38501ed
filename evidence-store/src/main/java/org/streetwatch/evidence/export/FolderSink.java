package org.streetwatch.evidence.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.streetwatch.evidence.export.proto.CaseReport;
import org.streetwatch.evidence.store.EvidenceFolder;

/**
 * Confirmed cases as files, {@code CASE_ID.pb} (one {@link CaseReport} each), written atomically into a folder that
 * the command centre collects from (a share, an SFTP drop, a removable disk for a network without a link). The
 * embedded default: one machine runs the whole path with nothing else installed.
 */
public final class FolderSink implements CaseSink {

    private final Path dir;

    public FolderSink(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    @Override
    public String name() {
        return "folder";
    }

    @Override
    public String deliver(CaseReport report) throws IOException {
        Path file = dir.resolve(report.getCaseId() + ".pb");
        EvidenceFolder.writeDurably(file, report.toByteArray());
        EvidenceFolder.fsync(dir);
        return file.getFileName().toString();
    }

    @Override
    public Set<String> alreadyHas(Collection<String> caseIds, long sinceMs) {
        Set<String> found = new HashSet<>();
        for (String id : caseIds) {
            if (Files.exists(dir.resolve(id + ".pb"))) {
                found.add(id);
            }
        }
        return found;
    }

    @Override
    public void close() {
    }
}
