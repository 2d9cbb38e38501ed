package org.streetwatch.evidence.cases;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.streetwatch.evidence.integrity.Signer;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.EvidenceFolder;
import org.streetwatch.evidence.store.StoreException;
import org.streetwatch.violation.Still;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records the re-check of a handled case: its "after" stills ({@code after-N.jpg}) in the case's folder, listed with
 * their SHA-256 in {@code recheck.json}, signed ({@code recheck.sig}) like a manifest; then the case becomes verified
 * or recurred, the log entry naming recheck.json's SHA-256 (and the recurrence's violation), so {@code verify} holds
 * the stills to the signed log. The case's own manifest is never rewritten. Files are written durably before the
 * log entry: a crash in between leaves the case handled, and the next start re-checks it again, writing them anew.
 */
public final class RecheckRecorder {

    public static final String FILE = "recheck.json";
    public static final String SIGNATURE = "recheck.sig";
    public static final String ACTOR = "recheck";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EvidenceFolder folder;
    private final Signer signer;
    private final Reviews reviews;

    public RecheckRecorder(EvidenceFolder folder, Signer signer, Reviews reviews) {
        this.folder = folder;
        this.signer = signer;
        this.reviews = reviews;
    }

    /**
     * @param recurrence the violation id of the new case raised for what still stands, or null if the place is clear
     */
    public Case record(String caseId, List<Still> stills, String recurrence)
            throws StoreException, CaseStore.TransitionException, IOException {
        Case c = reviews.store().get(caseId).orElseThrow(() -> new CaseStore.TransitionException("no such case"));
        Path dir = folder.resolve(c.evidence().dir());
        ObjectNode m = JSON.createObjectNode();
        m.put("case_id", caseId);
        m.put("verdict", recurrence == null ? CaseStatus.VERIFIED.key() : CaseStatus.RECURRED.key());
        if (recurrence != null) {
            m.put("recurrence", recurrence);
        }
        ArrayNode files = m.putArray("files");
        for (int i = 0; i < stills.size(); i++) {
            Still s = stills.get(i);
            String name = "after-" + (i + 1) + ".jpg";
            EvidenceFolder.writeDurably(dir.resolve(name), s.jpeg());
            files.addObject().put("name", name).put("role", "after").put("sha256", EvidenceFolder.sha256(s.jpeg()))
                    .put("bytes", s.jpeg().length).put("at", Instant.ofEpochMilli(s.wallMs()).toString())
                    .put("camera_us", s.ptsUs());
        }
        byte[] record = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m);
        EvidenceFolder.writeDurably(dir.resolve(FILE), record);
        EvidenceFolder.writeDurably(dir.resolve(SIGNATURE), signer.sign(record).getBytes(StandardCharsets.US_ASCII));
        String detail = detail(EvidenceFolder.sha256(record), recurrence);
        return reviews.progressed(caseId, recurrence == null ? CaseStatus.VERIFIED : CaseStatus.RECURRED, ACTOR, detail);
    }

    /** The log entry's detail: which signed record of stills, and what recurred. */
    static String detail(String recordSha256, String recurrence) {
        return FILE + " " + recordSha256 + (recurrence == null ? "" : "; recurred as violation " + recurrence);
    }

    /** The SHA-256 of the recheck.json a verified or recurred entry's detail names, or null. */
    public static String recordSha256(String detail) {
        if (detail == null || !detail.startsWith(FILE + " ") || detail.length() < FILE.length() + 65) {
            return null;
        }
        return detail.substring(FILE.length() + 1, FILE.length() + 65);
    }
}
