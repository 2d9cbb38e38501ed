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
import java.util.Set;
import java.util.stream.Stream;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.store.EvidenceFolder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks an evidence folder end to end and names exactly what does not hold: every file of every case against its
 * manifest, every manifest against its signature, every case-log entry against its predecessor and its signature,
 * every case the log names against its folder, and — given the database's rows — every row against the log.
 */
public final class Verifier {

    /** What was checked and what was wrong. */
    public record Report(int cases, int files, int logEntries, List<String> problems) {

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Verifier() {
    }

    /**
     * @param rows the database's cases, or null to check the folder alone
     */
    public static Report verify(Path root, List<Case> rows) throws IOException {
        List<String> problems = new ArrayList<>();
        PublicKey key;
        try {
            key = Signer.publicKey(root);
        } catch (IOException | GeneralSecurityException e) {
            problems.add("keys/" + Signer.PUBLIC + ": cannot read the public key (" + e.getMessage() + ")");
            return new Report(0, 0, 0, problems);
        }
        // the log: a chain of signed hashes
        List<CaseLog.Entry> log = CaseLog.read(root.resolve(CaseLog.FILE));
        String prev = CaseLog.GENESIS;
        long expectSeq = 1;
        Map<String, String> created = new HashMap<>(); // case id -> manifest hash
        Map<String, String> lastEvent = new HashMap<>();
        Set<String> purged = new HashSet<>();
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
            switch (e.event()) {
                case "created" -> created.put(e.caseId(), e.manifestSha256());
                case "purged" -> purged.add(e.caseId());
                default -> { }
            }
            lastEvent.put(e.caseId(), e.event());
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
        for (Map.Entry<String, Path> d : dirs.entrySet()) {
            if (!purged.contains(d.getKey())) { // a purge interrupted half-way leaves part of a folder: legitimate
                files += checkCase(d.getKey(), d.getValue(), key, created, problems);
            }
        }
        for (Map.Entry<String, String> c : created.entrySet()) {
            if (!dirs.containsKey(c.getKey()) && !purged.contains(c.getKey())) {
                problems.add("case " + c.getKey() + ": its folder is missing (deleted?)");
            }
        }
        if (rows != null) {
            Map<String, Case> byId = new HashMap<>();
            for (Case c : rows) {
                byId.put(c.id(), c);
                String logged = created.get(c.id());
                if (logged == null) {
                    problems.add("case " + c.id() + ": the database has it but the case log does not (inserted "
                            + "behind the log?)");
                } else if (!logged.equals(c.manifestSha256())) {
                    problems.add("case " + c.id() + ": the database's manifest hash differs from the case log's "
                            + "(row edited?)");
                } else if (!c.status().key().equals(expectedStatus(lastEvent.get(c.id()), c.status().key()))) {
                    problems.add("case " + c.id() + ": the database says " + c.status().key() + " but the case log's "
                            + "last decision is " + lastEvent.get(c.id()) + " (status edited?)");
                }
            }
            for (String id : created.keySet()) {
                if (!byId.containsKey(id)) {
                    problems.add("case " + id + ": the database has no row for it (deleted?)");
                }
            }
        }
        return new Report(dirs.size(), files, log.size(), problems);
    }

    /** The status a case's last logged event implies (purging keeps the row's status). */
    private static String expectedStatus(String lastEvent, String actual) {
        if (lastEvent == null || lastEvent.equals("purged")) {
            return actual;
        }
        return lastEvent.equals("created") ? "pending" : lastEvent;
    }

    private static int checkCase(String id, Path dir, PublicKey key, Map<String, String> created,
                                 List<String> problems) throws IOException {
        byte[] manifest = Files.readAllBytes(dir.resolve("manifest.json"));
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
        JsonNode m = JSON.readTree(manifest);
        Set<String> listed = new HashSet<>(List.of("manifest.json", "manifest.sig"));
        int n = 0;
        for (JsonNode f : m.path("files")) {
            String name = f.path("name").asString();
            listed.add(name);
            n++;
            Path p = dir.resolve(name).normalize();
            if (!p.startsWith(dir) || !Files.isRegularFile(p)) {
                problems.add("case " + id + ": " + name + " is missing");
                continue;
            }
            String sum = EvidenceFolder.sha256(p);
            if (!sum.equals(f.path("sha256").asString())) {
                problems.add("case " + id + ": " + name + " was altered (SHA-256 " + sum.substring(0, 12)
                        + "..., the manifest says " + f.path("sha256").asString().substring(0, 12) + "...)");
            } else if (Files.size(p) != f.path("bytes").asLong()) {
                problems.add("case " + id + ": " + name + " has " + Files.size(p) + " bytes, the manifest says "
                        + f.path("bytes").asLong());
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                if (!listed.contains(p.getFileName().toString())) {
                    problems.add("case " + id + ": " + p.getFileName() + " is not in the manifest (added afterwards?)");
                }
            }
        }
        return n;
    }
}
