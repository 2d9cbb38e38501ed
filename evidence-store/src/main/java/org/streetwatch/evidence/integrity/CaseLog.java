package org.streetwatch.evidence.integrity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.streetwatch.evidence.store.EvidenceFolder;
import org.streetwatch.evidence.store.StoreException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The append-only, hash-chained log of everything that happened to cases ({@code case-log.jsonl} in the evidence
 * folder): each entry names a case, an event (created, confirmed, rejected, exported, purged) and the case's manifest
 * hash, and carries the hash of the entry before it and its own Ed25519 signature. Deleting, editing or reordering
 * any entry — or deleting a case that an entry names — breaks the chain where it happened.
 */
public final class CaseLog {

    /** One entry. {@code hash} covers every other field but {@code sig}; {@code sig} signs {@code hash}. */
    public record Entry(long seq, long at, String caseId, String event, String manifestSha256, String actor,
                        String prev, String hash, String sig) {

        String canonical() {
            return seq + "|" + at + "|" + caseId + "|" + event + "|" + manifestSha256 + "|" + actor + "|" + prev;
        }
    }

    public static final String FILE = "case-log.jsonl";
    static final String GENESIS = "0".repeat(64);
    private static final JsonMapper JSON = JsonMapper.builder().build();

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
    public synchronized Entry append(String caseId, String event, String manifestSha256, String actor)
            throws StoreException {
        long next = seq + 1;
        long at = System.currentTimeMillis();
        Entry draft = new Entry(next, at, caseId, event, manifestSha256, actor, last, null, null);
        String hash = EvidenceFolder.sha256(draft.canonical().getBytes(StandardCharsets.UTF_8));
        Entry e = new Entry(next, at, caseId, event, manifestSha256, actor, last, hash,
                signer.sign(hash.getBytes(StandardCharsets.US_ASCII)));
        ObjectNode n = JSON.valueToTree(e);
        byte[] line = (JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap(line);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        } catch (IOException ex) {
            throw new StoreException("cannot append to the case log: " + ex.getMessage(), ex);
        }
        seq = next;
        last = hash;
        return e;
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
                org.slf4j.LoggerFactory.getLogger(CaseLog.class).warn(
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
                    n.path("prev").asString(), n.path("hash").asString(), n.path("sig").asString()));
        }
        return out;
    }

    static String hashOf(Entry e) {
        return EvidenceFolder.sha256(e.canonical().getBytes(StandardCharsets.UTF_8));
    }
}
