package org.streetwatch.evidence.integrity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseKey;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.cases.EvidenceFile;
import org.streetwatch.evidence.cases.Manifest;
import org.streetwatch.evidence.cases.RecheckRecorder;
import org.streetwatch.evidence.store.CaseColumns;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.EvidenceFolder;
import org.streetwatch.evidence.store.StoreException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks an evidence folder end to end and names exactly what does not hold: every file of every case against its
 * manifest, every manifest against its signature and its place in the folder, every case-log entry against its
 * predecessor and its signature, every case the log names against its folder, and — given the database — every
 * column of every row (all that a reviewer, the API or the export shows) against the signed manifest or the signed
 * log, and every row's audit trail against the log's entries for that case.
 */
public final class Verifier {

    /**
     * What was checked and what was wrong.
     *
     * @param rows the database rows checked, or -1 when no database was given
     */
    public record Report(int cases, int files, int logEntries, int rows, List<String> problems) {

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int SHOWN = 60; // characters of a differing value printed
    private static final TypeReference<List<EvidenceFile>> FILES = new TypeReference<>() { };

    private Verifier() {
    }

    /**
     * @param store the case database, or null to check the folder alone (a log that names cases is then a finding:
     *              their database is missing)
     */
    public static Report verify(Path root, CaseStore store) throws IOException, StoreException {
        List<String> problems = new ArrayList<>();
        PublicKey key;
        try {
            key = Signer.publicKey(root);
        } catch (IOException | GeneralSecurityException e) {
            problems.add("keys/" + Signer.PUBLIC + ": cannot read the public key (" + e.getMessage() + ")");
            return new Report(0, 0, 0, -1, problems);
        }
        List<CaseLog.Entry> log = CaseLog.read(root.resolve(CaseLog.FILE));
        checkChain(log, key, problems);
        checkConfigChanges(log, problems);
        Map<String, List<CaseLog.Entry>> logged = CaseLog.byCase(log);
        Map<String, String> created = new HashMap<>(); // case id -> manifest hash
        Set<String> purged = new HashSet<>();
        for (CaseLog.Entry e : log) {
            switch (e.event()) {
                case "created" -> created.put(e.caseId(), e.manifestSha256());
                case "purged" -> purged.add(e.caseId());
                default -> { }
            }
        }
        // the case folders
        Map<String, Path> dirs = new HashMap<>();
        Path cases = root.resolve("cases");
        if (Files.isDirectory(cases)) {
            try (Stream<Path> s = Files.walk(cases)) {
                for (Path m : s.filter(p -> p.getFileName().toString().equals("manifest.json")).toList()) {
                    dirs.put(m.getParent().getFileName().toString(), m.getParent());
                }
            }
        }
        int files = 0;
        Map<String, Manifest> manifests = new HashMap<>();
        for (Map.Entry<String, Path> d : dirs.entrySet()) {
            Manifest m = readManifest(d.getKey(), d.getValue(), problems);
            if (m == null) {
                continue;
            }
            manifests.put(d.getKey(), m);
            checkPlace(root, d.getKey(), d.getValue(), m, problems);
            files += checkCase(d.getKey(), d.getValue(), m, purged.contains(d.getKey()), key, created,
                    logged.getOrDefault(d.getKey(), List.of()), problems);
        }
        for (String id : created.keySet()) {
            if (!dirs.containsKey(id) && !purged.contains(id)) {
                problems.add("case " + id + ": its folder is missing (deleted?)");
            }
        }
        int rows = -1;
        if (store != null) {
            rows = checkRows(store, logged, manifests, problems);
        } else if (!created.isEmpty()) {
            problems.add("the case database is missing (deleted?) but the case log names " + created.size()
                    + " cases (for a PostgreSQL database pass --config)");
        }
        return new Report(dirs.size(), files, log.size(), rows, problems);
    }

    /** The log: a chain of signed hashes. */
    private static void checkChain(List<CaseLog.Entry> log, PublicKey key, List<String> problems) {
        String prev = CaseLog.GENESIS;
        long expectSeq = 1;
        for (CaseLog.Entry e : log) {
            String where = "case log entry " + e.seq() + " (" + e.event() + " " + e.caseId() + ")";
            if (e.seq() != expectSeq) {
                problems.add("case log: entry " + expectSeq + (e.seq() > expectSeq ? " to " + (e.seq() - 1)
                        + " missing (deleted?)" : " repeated") + " before entry " + e.seq());
            }
            expectSeq = e.seq() + 1;
            if (!e.prev().equals(prev)) {
                problems.add(where + ": does not follow the entry before it (chain broken: an entry was removed, "
                        + "edited or reordered)");
            }
            if (!CaseLog.hashOf(e).equals(e.hash())) {
                problems.add(where + ": its contents were edited (hash does not match)");
            } else if (!Signer.verify(key, e.hash().getBytes(StandardCharsets.US_ASCII), e.sig())) {
                problems.add(where + ": bad signature");
            }
            prev = e.hash();
        }
    }

    /**
     * The config changes: each names the version it changed, which is the version the change before it left (the
     * entries of one change, a setting each, share both versions).
     */
    private static void checkConfigChanges(List<CaseLog.Entry> log, List<String> problems) {
        ConfigChange before = null;
        for (CaseLog.Entry e : log) {
            if (!e.event().equals(ConfigChange.EVENT)) {
                continue;
            }
            String where = "case log entry " + e.seq() + " (config change)";
            ConfigChange c = ConfigChange.of(e);
            if (c == null) {
                problems.add(where + ": its detail is not 'SETTING: OLD -> NEW; config was SHA-256' with the new "
                        + "SHA-256 (edited?)");
                continue;
            }
            boolean sameChange = before != null && c.previous().equals(before.previous())
                    && c.sha256().equals(before.sha256());
            if (before != null && !sameChange && !c.previous().equals(before.sha256())) {
                problems.add(where + ": changes config " + c.previous().substring(0, 12) + "... but the change "
                        + "before it left config " + before.sha256().substring(0, 12) + "... (a config change "
                        + "removed or edited?)");
            }
            before = c;
        }
    }

    private static Manifest readManifest(String id, Path dir, List<String> problems) throws IOException {
        try {
            return Manifest.read(Files.readAllBytes(dir.resolve(Manifest.FILE)));
        } catch (JacksonException e) {
            problems.add("case " + id + ": manifest.json is not valid JSON (manifest edited?)");
            return null;
        }
    }

    /** A case's folder is named by its id and the UTC day of its confirmation, both in its signed manifest. */
    private static void checkPlace(Path root, String id, Path dir, Manifest m, List<String> problems) {
        String at = root.relativize(dir).toString().replace('\\', '/');
        String belongs = m.dir();
        if (!id.equals(m.caseId())) {
            problems.add("case " + id + ": its folder holds the manifest of case " + m.caseId() + " (renamed?)");
        } else if (!at.equals(belongs)) {
            problems.add("case " + id + ": its folder is at " + at + " but its manifest puts it at " + belongs
                    + " (moved?)");
        }
    }

    /** @param purged retention removed (or was removing) its files: those missing are not a finding */
    private static int checkCase(String id, Path dir, Manifest m, boolean purged, PublicKey key,
                                 Map<String, String> created, List<CaseLog.Entry> entries, List<String> problems)
            throws IOException {
        byte[] manifest = Files.readAllBytes(dir.resolve(Manifest.FILE));
        Path sig = dir.resolve("manifest.sig");
        if (!Files.exists(sig)) {
            problems.add("case " + id + ": manifest.sig is missing");
        } else if (!Signer.verify(key, manifest, Files.readString(sig))) {
            problems.add("case " + id + ": manifest.json does not match its signature (manifest edited?)");
        }
        String logged = created.get(id);
        if (logged == null) {
            problems.add("case " + id + ": not in the case log (a case folder added behind the log?)");
        } else if (!logged.equals(EvidenceFolder.sha256(manifest))) {
            problems.add("case " + id + ": manifest.json differs from the one the case log recorded");
        }
        Set<String> listed = new HashSet<>(List.of("manifest.json", "manifest.sig"));
        int n = checkFiles(id, dir, m.files(), purged, listed, problems);
        n += checkRecheck(id, dir, key, entries, purged, listed, problems);
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                if (!listed.contains(p.getFileName().toString())) {
                    problems.add("case " + id + ": " + p.getFileName() + " is not in the manifest (added afterwards?)");
                }
            }
        }
        return n;
    }

    /**
     * The re-check's "after" stills: their signed record, each file against it, and the record against the verified
     * or recurred entry of the log that names its SHA-256.
     */
    private static int checkRecheck(String id, Path dir, PublicKey key, List<CaseLog.Entry> entries, boolean purged,
                                    Set<String> listed, List<String> problems) throws IOException {
        String named = entries.stream().filter(e -> e.event().equals("verified") || e.event().equals("recurred"))
                .map(e -> RecheckRecorder.recordSha256(e.detail())).filter(Objects::nonNull).findFirst().orElse(null);
        Path record = dir.resolve(RecheckRecorder.FILE);
        if (!Files.isRegularFile(record)) {
            if (named != null) {
                problems.add("case " + id + ": " + RecheckRecorder.FILE + " is missing (the case log records its "
                        + "re-check)");
            }
            return 0;
        }
        listed.add(RecheckRecorder.FILE);
        listed.add(RecheckRecorder.SIGNATURE);
        byte[] bytes = Files.readAllBytes(record);
        Path sig = dir.resolve(RecheckRecorder.SIGNATURE);
        if (!Files.exists(sig) || !Signer.verify(key, bytes, Files.readString(sig))) {
            problems.add("case " + id + ": " + RecheckRecorder.FILE + " does not match its signature (edited?)");
        }
        if (named == null) {
            problems.add("case " + id + ": " + RecheckRecorder.FILE + " is not in the case log (added afterwards?)");
        } else if (!named.equals(EvidenceFolder.sha256(bytes))) {
            problems.add("case " + id + ": " + RecheckRecorder.FILE + " differs from the one the case log recorded");
        }
        try {
            return checkFiles(id, dir, JSON.convertValue(JSON.readTree(bytes).path("files"), FILES), purged, listed,
                    problems);
        } catch (JacksonException e) {
            problems.add("case " + id + ": " + RecheckRecorder.FILE + " is not valid JSON (edited?)");
            return 0;
        }
    }

    /** Files a signed list names: each present (unless purged), with the SHA-256 and size it says. */
    private static int checkFiles(String id, Path dir, List<EvidenceFile> list, boolean purged, Set<String> listed,
                                  List<String> problems) throws IOException {
        int n = 0;
        for (EvidenceFile f : list) {
            String name = f.name();
            listed.add(name);
            n++;
            Path p = dir.resolve(name).normalize();
            if (!p.startsWith(dir) || !Files.isRegularFile(p)) {
                if (!purged) {
                    problems.add("case " + id + ": " + name + " is missing");
                }
                continue;
            }
            String sum = EvidenceFolder.sha256(p);
            if (!sum.equals(f.sha256())) {
                problems.add("case " + id + ": " + name + " was altered (SHA-256 " + sum.substring(0, 12)
                        + "..., the manifest says " + f.sha256().substring(0, 12) + "...)");
            } else if (Files.size(p) != f.bytes()) {
                problems.add("case " + id + ": " + name + " has " + Files.size(p) + " bytes, the manifest says "
                        + f.bytes());
            }
        }
        return n;
    }

    /** Every row against the log and its manifest; every case the log names against the rows. Returns the rows. */
    private static int checkRows(CaseStore store, Map<String, List<CaseLog.Entry>> logged,
                                 Map<String, Manifest> manifests, List<String> problems) throws StoreException {
        Map<String, List<CaseStore.Event>> trails = store.allEvents();
        Set<String> seen = new HashSet<>();
        store.forEachRow(row -> {
            String id = row.get("id");
            seen.add(id);
            List<CaseLog.Entry> entries = logged.getOrDefault(id, List.of());
            if (entries.stream().noneMatch(e -> e.event().equals("created"))) {
                problems.add("case " + id + ": the database has it but the case log does not (inserted behind the "
                        + "log?)");
                return;
            }
            Row r = new Row(id, row, problems);
            r.againstLog(entries);
            r.againstTrail(trails.getOrDefault(id, List.of()), entries);
            Manifest m = manifests.get(id);
            if (m != null) {
                r.againstManifest(m);
            }
        });
        for (Map.Entry<String, List<CaseLog.Entry>> c : logged.entrySet()) {
            boolean wasCreated = c.getValue().stream().anyMatch(e -> e.event().equals("created"));
            if (wasCreated && !seen.contains(c.getKey())) {
                problems.add("case " + c.getKey() + ": the database has no row for it (deleted?)");
            }
        }
        for (String id : trails.keySet()) {
            if (!seen.contains(id) && !logged.containsKey(id)) {
                problems.add("case " + id + ": the database has audit events but no row for it (row deleted?)");
            }
        }
        return seen.size();
    }

    /** One row, column by column as text, and the problems found in it. */
    private record Row(String id, Map<String, String> columns, List<String> problems) {

        /**
         * Status, review, end, purge and creation: what the signed log says happened to the case, in order, against
         * every column the log vouches for.
         */
        void againstLog(List<CaseLog.Entry> entries) {
            CaseStatus status = CaseStatus.PENDING;
            String reviewer = null;
            String reason = null;
            Long reviewedAt = null;
            Long endedAt = null;
            Long purgedAt = null;
            String manifestSha256 = null;
            long createdAt = 0;
            String lastDecision = "created";
            for (CaseLog.Entry e : entries) {
                switch (e.event()) {
                    case "created" -> {
                        manifestSha256 = e.manifestSha256();
                        createdAt = e.at();
                    }
                    case "confirmed", "rejected" -> {
                        status = CaseStatus.of(e.event());
                        reviewer = e.actor();
                        reason = e.detail();
                        reviewedAt = e.at();
                        lastDecision = e.event();
                    }
                    case "warned", "exported", "dispatched", "handled", "verified", "recurred" -> {
                        status = CaseStatus.of(e.event());
                        lastDecision = e.event();
                    }
                    case "ended" -> endedAt = e.at();
                    case "purged" -> purgedAt = e.at();
                    default -> problems.add("case " + id + ": the case log names an unknown event " + e.event());
                }
            }
            String statusText = columns.get(CaseColumns.STATUS.name());
            if (!status.key().equals(statusText)) {
                problems.add("case " + id + ": the database says " + statusText + " but the case log's last "
                        + "decision is " + lastDecision + " (status edited?)");
            }
            Case logged = new Case(id, null, null, null, new Case.When(0, 0, endedAt, createdAt),
                    new Case.Evidence(null, null, null, manifestSha256, purgedAt),
                    new Case.Review(status, reviewer, reason, reviewedAt));
            for (CaseColumns.Column<?> col : CaseColumns.ALL) {
                if (col.source() == CaseKey.Source.LOG && col != CaseColumns.STATUS) {
                    same(col, logged, "the case log");
                }
            }
        }

        /** The audit trail, event by event (by its seq), against the log's entries for this case in order. */
        void againstTrail(List<CaseStore.Event> trail, List<CaseLog.Entry> entries) {
            Map<Integer, CaseStore.Event> bySeq = new HashMap<>();
            for (CaseStore.Event t : trail) {
                if (bySeq.put(t.seq(), t) != null || t.seq() < 1 || t.seq() > entries.size()) {
                    problems.add("case " + id + ": audit event " + t.seq() + " (" + t.action() + " by " + t.actor()
                            + ") is not in the case log (added behind it?)");
                }
            }
            for (int i = 0; i < entries.size(); i++) {
                String event = "audit event " + (i + 1);
                CaseLog.Entry e = entries.get(i);
                CaseStore.Event t = bySeq.get(i + 1);
                if (t == null) {
                    problems.add("case " + id + ": " + event + " (" + e.event() + " by " + e.actor()
                            + ") is missing from the database (deleted?)");
                    continue;
                }
                same(event + " action", t.action(), e.event(), "the case log");
                same(event + " actor", t.actor(), e.actor(), "the case log");
                same(event + " detail", t.detail(), e.detail(), "the case log");
                same(event + " time", Long.toString(t.at()), Long.toString(e.at()), "the case log");
            }
        }

        /**
         * Every column the signed manifest vouches for — what was seen, where, when, the files, the clip — against the
         * case that manifest records.
         */
        void againstManifest(Manifest m) {
            Case signed = m.recorded(m.dir(), null, 0);
            for (CaseColumns.Column<?> col : CaseColumns.ALL) {
                if (col.source() == CaseKey.Source.MANIFEST) {
                    same(col, signed, "the signed manifest");
                }
            }
        }

        /** A column as the database holds it against its value in the case {@code source} vouches for. */
        private <T> void same(CaseColumns.Column<T> col, Case expectedCase, String source) {
            String text = columns.get(col.name());
            T actual;
            try {
                actual = col.parse(text);
            } catch (RuntimeException e) {
                problems.add("case " + id + ": " + col.name() + " in the database is not " + col.kind()
                        + " (row edited?)");
                return;
            }
            T expected = col.value().apply(expectedCase);
            if (!Objects.deepEquals(actual, expected)) {
                differs(col.name(), text, col.text(expected), source);
            }
        }

        private void same(String what, String actual, String expected, String source) {
            if (!Objects.equals(actual, expected)) {
                differs(what, actual, expected, source);
            }
        }

        private void differs(String what, String actual, String expected, String source) {
            problems.add("case " + id + ": " + what + " in the database is " + shown(actual) + ", " + source
                    + " says " + shown(expected) + " (row edited?)");
        }
        private static String shown(String value) {
            if (value == null) {
                return "empty";
            }
            return "'" + (value.length() > SHOWN ? value.substring(0, SHOWN) + "..." : value) + "'";
        }
    }
}
