package org.streetwatch.daemon.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.integrity.Verifier;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true, description = {
        "Checks an evidence folder: every file against its case's manifest, every manifest against its Ed25519",
        "signature, the hash-chained case log link by link, and the database's rows against the log (the folder's",
        "cases.db, or the database of --config). Prints one line per problem naming what was altered; exit 0 if none."})
final class VerifyCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "The evidence folder")
    Path dir;

    @Option(names = "--config", paramLabel = "FILE", description = "Check the rows of this config's database")
    Path config;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) {
            throw new CommandFailure("no such evidence folder: " + dir);
        }
        List<Case> rows = null;
        Database opened = database();
        if (opened != null) {
            try (Database db = opened) {
                List<Case> all = new java.util.ArrayList<>();
                new CaseStore(db).forEach(all::add);
                rows = all;
            }
        }
        Verifier.Report r = Verifier.verify(dir.toAbsolutePath().normalize(), rows);
        for (String p : r.problems()) {
            System.out.println(p);
        }
        System.out.println((r.ok() ? "OK: " : "ALTERED: ") + r.cases() + " cases, " + r.files() + " files, "
                + r.logEntries() + " log entries" + (rows == null ? " (no database checked)" : ", " + rows.size()
                + " database rows") + (r.ok() ? "" : "; " + r.problems().size() + " problems"));
        return r.ok() ? 0 : 1;
    }

    /** The config's database, else the folder's own SQLite file, else none. */
    private Database database() throws Exception {
        if (config != null) {
            return ConfigLoader.load(config).openDatabase();
        }
        Path file = dir.resolve("cases.db");
        return Files.isRegularFile(file) ? Database.open("jdbc:sqlite:" + file, null, null) : null;
    }
}
