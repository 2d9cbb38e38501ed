package org.streetwatch.daemon.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.integrity.Verifier;
import org.streetwatch.evidence.store.CaseQuery;
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
        String url = null;
        String user = null;
        String password = null;
        if (config != null) {
            StreetwatchConfig cfg = ConfigLoader.load(config);
            url = cfg.databaseUrl();
            user = cfg.evidence().getString("database_user");
            String env = cfg.evidence().getString("database_password_env");
            password = env.isEmpty() ? null : System.getenv(env);
        } else if (Files.isRegularFile(dir.resolve("cases.db"))) {
            url = "jdbc:sqlite:" + dir.resolve("cases.db");
        }
        if (url != null) {
            try (Database db = Database.open(url, user, password)) {
                rows = new java.util.ArrayList<>();
                CaseStore store = new CaseStore(db);
                int offset = 0;
                while (true) {
                    List<Case> page = store.list(new CaseQuery(null, null, null, null, null, CaseQuery.MAX_LIMIT, offset));
                    rows.addAll(page);
                    if (page.size() < CaseQuery.MAX_LIMIT) {
                        break;
                    }
                    offset += page.size();
                }
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
}
