package org.streetwatch.evidence.integrity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.evidence.store.EvidenceFolder;
import org.streetwatch.evidence.store.StoreException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The append-only, hash-chained log of everything that happened to cases ({@code case-log.jsonl} in the evidence
 * folder): each entry names a case, an event (created, ended, confirmed, rejected, exported, purged), the case's
 * manifest hash, who did it, its detail (a reviewer's reason, an export receipt) and when — exactly the values the
 * database's row and audit trail hold, so that {@link Verifier} can compare them — and carries the hash of the entry
 * before it and its own Ed25519 signature. Deleting, editing or reordering any entry — or deleting a case that an
 * entry names — breaks the chain where it happened.
 */
public final class CaseLog {

    /** What happened to a case; {@code at} is the same value the database stores for it (one clock, not two). */
    public record Change(String caseId, String event, String manifestSha256, String actor, String detail, long at) {
    }

    /** One entry. {@code hash} covers every other field but {@code sig}; {@code sig} signs {@code hash}. */
    public record Entry(long seq, long at, String caseId, String event, String manifestSha256, String actor,
                        String detail, String prev, String hash, String sig) {

        /** A JSON array: unambiguous whatever a reason or receipt contains. */
        String canonical() {
            return JSON.writeValueAsString(new Object[] {seq, at, caseId, event, manifestSha256, actor, detail, prev});
        }
    }

    /** The database commit of a change whose entry was just appended. */
    @FunctionalInterface
    public interface Commit {
        void run() throws StoreException;
    }

    public static final String FILE = "case-log.jsonl";
    static final String GENESIS = "0".repeat(64);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Logger LOG = LoggerFactory.getLogger(CaseLog.class);

    private final Path file;
    private final Signer signer;
    private long seq;
    private String last;

    private CaseLog(Path file, Signer signer, long seq, String last) {
        this.file = file;
        this.signer = signer;
        this.seq = seq;
        this.last = last;
    }

    public static CaseLog open(Path evidenceRoot, Signer signer) throws StoreException {
        Path file = evidenceRoot.resolve(FILE);
        try {
            dropTornTail(file);
            List<Entry> entries = read(file);
            Entry tail = entries.isEmpty() ? null : entries.get(entries.size() - 1);
            return new CaseLog(file, signer, tail == null ? 0 : tail.seq(), tail == null ? GENESIS : tail.hash());
        } catch (IOException e) {
            throw new StoreException("cannot read the case log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends an entry and forces it to disk before returning. */
    public synchronized Entry append(Change c) throws StoreException {
        long next = seq + 1;
        Entry draft = new Entry(next, c.at(), c.caseId(), c.event(), c.manifestSha256(), c.actor(), c.detail(), last,
                null, null);
        String hash = EvidenceFolder.sha256(draft.canonical().getBytes(StandardCharsets.UTF_8));
        Entry e = new Entry(next, c.at(), c.caseId(), c.event(), c.manifestSha256(), c.actor(), c.detail(), last, hash,
                signer.sign(hash.getBytes(StandardCharsets.US_ASCII)));
        ObjectNode n = JSON.valueToTree(e);
        byte[] line = (JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
        long size = size();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap(line);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        } catch (IOException ex) {
            // a part of the line (a full disk) would glue the next entry to it: the log stays as it was
            withdraw(size, ex);
            throw new StoreException("cannot append to the case log: " + ex.getMessage(), ex);
        }
        seq = next;
        last = hash;
        return e;
    }

    /**
     * Appends the entry of a change, then commits the change to the database; if the commit fails the entry is
     * withdrawn, so that a change its requester was told failed never takes effect (the next start would otherwise
     * apply it from the log, see {@code Reviews.catchUp}). Holding the log's lock until the commit's outcome keeps the
     * entry the last one, so withdrawing it is a truncation, which needs no disk space — the commonest reason for a
     * failed commit is a full disk, where an "aborted" entry could not be written either. A crash between append and
     * commit leaves the entry: the database is brought up to it at the next start.
     */
    public synchronized Entry appendCommitted(Change c, Commit commit) throws StoreException {
        long size = size();
        long seqBefore = seq;
        String lastBefore = last;
        Entry e = append(c);
        try {
            commit.run();
            return e;
        } catch (StoreException | RuntimeException failed) {
            if (withdraw(size, failed)) {
                seq = seqBefore;
                last = lastBefore;
                LOG.warn("case {}: '{}' by {} was not committed ({}); its case log entry {} was withdrawn",
                        c.caseId(), c.event(), c.actor(), failed.getMessage(), e.seq());
            } else {
                LOG.error("case {}: '{}' by {} was not committed ({}) and its case log entry {} cannot be withdrawn: "
                        + "the next start will apply it", c.caseId(), c.event(), c.actor(), failed.getMessage(), e.seq());
            }
            throw failed;
        }
    }

    /**
     * Cuts the log back to {@code size} bytes (truncating needs no disk space); false, with the reason added to
     * {@code failure}, if even that failed.
     */
    private boolean withdraw(long size, Exception failure) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
            ch.force(true);
            return true;
        } catch (IOException ex) {
            failure.addSuppressed(ex);
            return false;
        }
    }

    private long size() throws StoreException {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new StoreException("cannot read the case log " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A crash in the middle of an append leaves a last line without its newline; that entry was never acknowledged
     * (append returns only after the whole line is on disk), so it is cut off.
     */
    private static void dropTornTail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long keep = size;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (keep > 0) {
                one.clear();
                ch.read(one, keep - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                keep--;
            }
            if (keep < size) {
                LOG.warn(
                        "case log: removed an incomplete last entry ({} bytes) left by a crash", size - keep);
                ch.truncate(keep);
                ch.force(true);
            }
        }
    }

    /** Every complete entry of a log file, in order (nothing is checked here: see {@link Verifier}). */
    public static List<Entry> read(Path file) throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        String all = Files.readString(file, StandardCharsets.UTF_8);
        String[] lines = all.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) { // the part after the last newline is torn or empty
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = JSON.readTree(line);
            out.add(new Entry(n.path("seq").asLong(), n.path("at").asLong(), n.path("caseId").asString(),
                    n.path("event").asString(), n.path("manifestSha256").asString(null), n.path("actor").asString(null),
                    n.path("detail").asString(null), n.path("prev").asString(), n.path("hash").asString(), n.path("sig").asString()));
        }
        return out;
    }

    /** Entries grouped by case, each case's in log order, cases in the order they first appear. */
    public static Map<String, List<Entry>> byCase(List<Entry> entries) {
        Map<String, List<Entry>> out = new LinkedHashMap<>();
        for (Entry e : entries) {
            out.computeIfAbsent(e.caseId(), k -> new ArrayList<>()).add(e);
        }
        return out;
    }

    static String hashOf(Entry e) {
        return EvidenceFolder.sha256(e.canonical().getBytes(StandardCharsets.UTF_8));
    }
}
