package org.streetwatch.evidence.cases;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.evidence.integrity.CaseLog;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.EvidenceFolder;
import org.streetwatch.evidence.store.StoreException;

/**
 * Puts back what a crash between committing a case's folder and its database row left out: every committed folder
 * without a row gets its row (from its manifest) and, if the log lacks it, its log entry. Runs once at start, before
 * any case is recorded.
 */
final class CaseRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(CaseRecovery.class);

    private CaseRecovery() {
    }

    /** Returns how many rows it put back. */
    static int recover(EvidenceFolder folder, CaseStore store, CaseLog log) throws StoreException, IOException {
        Set<String> known = new HashSet<>(store.ids());
        Map<String, Long> logged = new HashMap<>(); // case id -> when its creation was logged
        for (CaseLog.Entry e : CaseLog.read(folder.root().resolve(CaseLog.FILE))) {
            if (e.event().equals("created")) {
                logged.put(e.caseId(), e.at());
            }
        }
        int n = 0;
        for (Path dir : folder.caseDirs()) {
            String id = dir.getFileName().toString();
            if (known.contains(id)) {
                continue;
            }
            Case c = fromManifest(Files.readAllBytes(dir.resolve(Manifest.FILE)),
                    folder.root().relativize(dir).toString().replace('\\', '/'),
                    logged.getOrDefault(id, System.currentTimeMillis()));
            if (!logged.containsKey(id)) {
                log.append(CaseWriter.created(c));
            }
            if (store.insert(c, CaseWriter.ACTOR)) {
                n++;
                LOG.warn("case {}: recovered its database row from its manifest (the last run stopped in between)", id);
            }
        }
        return n;
    }

    /** The case a manifest records, as it was recorded, in folder {@code rel}. */
    static Case fromManifest(byte[] bytes, String rel, long createdAt) {
        return Manifest.read(bytes).recorded(rel, EvidenceFolder.sha256(bytes), createdAt);
    }
}
