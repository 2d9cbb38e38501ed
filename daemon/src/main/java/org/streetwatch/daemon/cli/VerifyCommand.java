package org.streetwatch.daemon.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.daemon.fleet.FleetRows;
import org.streetwatch.evidence.integrity.Signer;
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
        List<Path> nodes = nodeFolders();
        if (!nodes.isEmpty()) {
            return verifyFleet(nodes);
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

    /** A fleet's evidence folder holds one folder per node (each with its key) and no key of its own. */
    private List<Path> nodeFolders() throws IOException {
        if (Files.isDirectory(dir.resolve("keys"))) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isDirectory(p.resolve("keys"))).sorted().toList();
        }
    }

    /**
     * Each node's folder checked with its own key (files, manifests, signatures, its case log's chain), every
     * finding naming its node; with a database, every case row must be in exactly one node's folder and every
     * node's key must be the one the database records for it. (A case's rows are checked against its node's log
     * only on a single node: on a fleet, reviews of one node's cases go into the log of whichever node served them.)
     */
    private int verifyFleet(List<Path> nodes) throws Exception {
        List<String> problems = new ArrayList<>();
        Map<String, String> caseNode = new HashMap<>();
        int cases = 0;
        int files = 0;
        int entries = 0;
        for (Path n : nodes) {
            String node = n.getFileName().toString();
            Verifier.Report r = Verifier.verify(n.toAbsolutePath().normalize(), null);
            cases += r.cases();
            files += r.files();
            entries += r.logEntries();
            for (String p : r.problems()) {
                if (!p.startsWith("the case database is missing")) {
                    problems.add("node " + node + ": " + p);
                }
            }
            for (String id : caseIds(n)) {
                String other = caseNode.putIfAbsent(id, node);
                if (other != null) {
                    problems.add("case " + id + ": in the folders of node " + other + " and node " + node);
                }
            }
        }
        int rows = -1;
        try (Database db = database()) {
            if (db != null) {
                List<String> ids = new CaseStore(db).ids();
                rows = ids.size();
                for (String id : ids) {
                    if (!caseNode.containsKey(id)) {
                        problems.add("case " + id + ": the database has it but no node's folder does (deleted?)");
                    }
                }
                Map<String, Set<String>> keys = new HashMap<>();
                for (FleetRows.Key k : new FleetRows(db).keys()) {
                    keys.computeIfAbsent(k.node(), x -> new HashSet<>()).add(k.fingerprint());
                }
                for (Path n : nodes) {
                    String node = n.getFileName().toString();
                    String fp = Signer.fingerprint(Signer.publicKey(n));
                    if (!keys.getOrDefault(node, Set.of()).contains(fp)) {
                        problems.add("node " + node + ": its key " + fp + " is not the one the database records for it");
                    }
                }
            }
        }
        for (String p : problems) {
            System.out.println(p);
        }
        boolean ok = problems.isEmpty();
        System.out.println((ok ? "OK: " : "ALTERED: ") + nodes.size() + " nodes, " + cases + " cases, " + files
                + " files, " + entries + " log entries" + (rows < 0 ? " (no database checked)" : ", " + rows
                + " database rows") + (ok ? "" : "; " + problems.size() + " problems"));
        return ok ? 0 : 1;
    }

    /** The ids of the cases whose folders (with a manifest) are in a node's folder. */
    private static List<String> caseIds(Path node) throws IOException {
        Path cases = node.resolve("cases");
        if (!Files.isDirectory(cases)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(cases)) {
            return s.filter(p -> p.getFileName().toString().equals("manifest.json"))
                    .map(p -> p.getParent().getFileName().toString()).toList();
        }
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
