package org.streetwatch.daemon.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.evidence.integrity.Verifier;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true, description = {
        "Checks an evidence folder: every file against its case's manifest, every manifest against its Ed25519",
        "signature and its place, the hash-chained case log link by link, and every column and audit event of the",
        "database's rows against the manifests and the log (the folder's cases.db, or the database of --config; a",
        "missing one is reported, never created). Prints one line per problem naming what was altered; exit 0 if none."})
final class VerifyCommand implements Callable<Integer> {

    private static final String SQLITE = "jdbc:sqlite:";

    @Parameters(paramLabel = "DIR", description = "The evidence folder")
    Path dir;

    @Option(names = "--config", paramLabel = "FILE", description = "Check the rows of this config's database")
    Path config;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) {
            throw new CommandFailure("no such evidence folder: " + dir);
        }
        Verifier.Report r;
        try (Database db = database()) {
            r = Verifier.verify(dir.toAbsolutePath().normalize(), db == null ? null : new CaseStore(db));
        }
        for (String p : r.problems()) {
            System.out.println(p);
        }
        System.out.println((r.ok() ? "OK: " : "ALTERED: ") + r.cases() + " cases, " + r.files() + " files, "
                + r.logEntries() + " log entries" + (r.rows() < 0 ? " (no database checked)" : ", " + r.rows()
                + " database rows") + (r.ok() ? "" : "; " + r.problems().size() + " problems"));
        return r.ok() ? 0 : 1;
    }

    /**
     * The config's database, else the folder's own SQLite file; none if that is an SQLite file that does not exist —
     * opening it would create it, in the very folder being checked, and hide that it was deleted.
     */
    private Database database() throws Exception {
        StreetwatchConfig cfg = config == null ? null : ConfigLoader.load(config);
        String url = cfg == null ? SQLITE + dir.resolve("cases.db") : cfg.databaseUrl();
        if (url.startsWith(SQLITE) && !Files.isRegularFile(Path.of(url.substring(SQLITE.length()).replaceFirst("\\?.*", "")))) {
            return null;
        }
        return cfg == null ? Database.inspect(url, null, null) : cfg.inspectDatabase();
    }
}
