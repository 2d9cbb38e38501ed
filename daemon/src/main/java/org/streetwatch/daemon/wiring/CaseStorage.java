package org.streetwatch.daemon.wiring;

import java.io.IOException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.daemon.config.ConfigChanges;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.evidence.cases.Reviews;
import org.streetwatch.evidence.integrity.CaseLog;
import org.streetwatch.evidence.integrity.Signer;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.Database;
import org.streetwatch.evidence.store.EvidenceFolder;
import org.streetwatch.evidence.store.StoreException;

/**
 * Where cases are kept, opened: the case database (handed to the daemon to close), the evidence folder with its
 * signing key and case log, and the reviews that write both. Decisions the database lacked are caught up from the
 * log and half-written case folders of a crash swept away.
 */
record CaseStorage(Database database, CaseStore store, EvidenceFolder folder, Signer signer, CaseLog caseLog,
                   Reviews reviews, ConfigChanges configChanges) {

    private static final Logger LOG = LoggerFactory.getLogger(CaseStorage.class);

    static CaseStorage open(StreetwatchConfig config, String configSha256, Consumer<AutoCloseable> closeables)
            throws StartupException {
        try {
            Database database = config.openDatabase();
            closeables.accept(database);
            CaseStore store = new CaseStore(database);
            EvidenceFolder folder = new EvidenceFolder(config.evidenceDir());
            Signer signer = Signer.open(folder.root());
            CaseLog caseLog = CaseLog.open(folder.root(), signer);
            Reviews reviews = new Reviews(store, caseLog);
            ConfigChanges changes = new ConfigChanges(caseLog, folder.root().resolve(CaseLog.FILE), configSha256);
            int caughtUp = reviews.catchUp(folder.root().resolve(CaseLog.FILE));
            if (caughtUp > 0) {
                LOG.warn("applied {} decisions from the case log that the database lacked", caughtUp);
            }
            int swept = folder.sweepStaging();
            if (swept > 0) {
                LOG.warn("removed {} half-written case folders left by an earlier crash", swept);
            }
            return new CaseStorage(database, store, folder, signer, caseLog, reviews, changes);
        } catch (StoreException | IOException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }
}
