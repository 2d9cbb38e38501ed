package org.streetwatch.evidence.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.Database;
import org.streetwatch.evidence.testing.Evidence;

class VerifierTest {

    @Test
    void namesAChangedByteOfAClipAndADeletedRow(@TempDir Path dir) throws Exception {
        try (Evidence ev = new Evidence(dir)) {
            List<Case> c = ev.record("cam-v", 3);
            ev.reviews.decide(c.get(2).id(), CaseStatus.CONFIRMED, "li.wei", null);
            assertThat(Verifier.verify(dir, ev.store).problems()).isEmpty();

            Path clip = ev.folder.resolve(c.get(0).evidence().dir()).resolve("clip.mp4");
            try (FileChannel ch = FileChannel.open(clip, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
                ch.read(b, 5000);
                b.put(0, (byte) (b.get(0) ^ 0x01)).rewind();
                ch.write(b, 5000);
            }
            try (Connection con = ev.db.connection();
                 PreparedStatement ps = con.prepareStatement("DELETE FROM cases WHERE id = ?")) {
                ps.setString(1, c.get(1).id());
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            try (Connection con = ev.db.connection();
                 PreparedStatement ps = con.prepareStatement("UPDATE cases SET status = 'rejected' WHERE id = ?")) {
                ps.setString(1, c.get(2).id());
                ps.executeUpdate();
            }
            Verifier.Report r = Verifier.verify(dir, ev.store);
            assertThat(r.problems()).as("%s", r.problems()).hasSize(3);
            assertThat(r.problems()).anyMatch(p -> p.startsWith("case " + c.get(0).id() + ": clip.mp4 was altered"));
            assertThat(r.problems()).anyMatch(p -> p.equals("case " + c.get(1).id()
                    + ": the database has no row for it (deleted?)"));
            assertThat(r.problems()).anyMatch(p -> p.startsWith("case " + c.get(2).id()
                    + ": the database says rejected but the case log's last decision is confirmed"));
        }
    }

    @Test
    void aViolationEndingWhileItsCaseIsWrittenIsLoggedNotCalledAnEdit(@TempDir Path dir) throws Exception {
        try (Evidence ev = new Evidence(dir)) {
            List<Case> c = ev.record("cam-e", 2, true);
            assertThat(ev.store.get(c.get(0).id()).orElseThrow().when().endedAt()).as("end recorded").isNotNull();
            assertThat(CaseLog.read(dir.resolve(CaseLog.FILE))).filteredOn(e -> e.event().equals("ended")).hasSize(2);
            assertThat(Verifier.verify(dir, ev.store).problems()).isEmpty();
        }
    }

    @Test
    void aLogEntryTornByACrashIsCutAndTheChainHolds(@TempDir Path dir) throws Exception {
        try (Evidence ev = new Evidence(dir)) {
            ev.record("cam-t", 1);
        }
        Path log = dir.resolve(CaseLog.FILE);
        Files.writeString(log, "{\"seq\":2,\"at\":17", StandardOpenOption.APPEND);
        assertThat(CaseLog.read(log)).hasSize(1);
        try (Evidence ev = new Evidence(dir)) {
            List<Case> more = ev.record("cam-t", 1);
            assertThat(CaseLog.read(log)).hasSize(2);
            assertThat(Files.readString(log)).doesNotContain("\"at\":17{");
            assertThat(Verifier.verify(dir, ev.store).problems()).isEmpty();
            assertThat(more).hasSize(1);
        }
    }

    /** One edit of the database (SQL with the case id as its only parameter) and what verify must say about it. */
    record Edit(String field, String sql, String named) {
    }

    /**
     * Every column a reviewer, the API or the export shows, the audit trail, and nonsense JSON: each edit alone, on a
     * fresh copy of the database, is named by verify with the case and the field — and nothing else is.
     */
    @Test
    void namesEachEditedFieldOfARowAndOfItsAuditTrail(@TempDir Path dir) throws Exception {
        String id;
        try (Evidence ev = new Evidence(dir)) {
            Case c = ev.record("cam-e", 1).get(0);
            id = c.id();
            ev.reviews.decide(id, CaseStatus.REJECTED, "li.wei", "no stall, a bus stop");
            ev.store.ended(c.violationId(), c.when().confirmedAt() + 90_000, ev.log::appendCommitted);
            ev.store.purged(id, System.currentTimeMillis(), ev.log::appendCommitted);
            assertThat(Verifier.verify(dir, ev.store).problems()).isEmpty();
        }
        List<Edit> edits = List.of(
                new Edit("violation_id", "UPDATE cases SET violation_id = 'forged' WHERE id = ?", "violation_id"),
                new Edit("camera", "UPDATE cases SET camera = 'forged-cam' WHERE id = ?", "camera in the database is 'forged-cam'"),
                new Edit("rule", "UPDATE cases SET rule = 'misparked_bikes' WHERE id = ?", "rule in the database"),
                new Edit("zone", "UPDATE cases SET zone = 'elsewhere' WHERE id = ?", "zone in the database"),
                new Edit("zone_type", "UPDATE cases SET zone_type = 'vending_allowed' WHERE id = ?", "zone_type in"),
                new Edit("place", "UPDATE cases SET place = 'Forged Road 1' WHERE id = ?", "place in the database"),
                new Edit("unit", "UPDATE cases SET unit = 'shop-x' WHERE id = ?", "unit in the database"),
                new Edit("onset_at", "UPDATE cases SET onset_at = onset_at + 1000 WHERE id = ?", "onset_at in"),
                new Edit("confirmed_at", "UPDATE cases SET confirmed_at = confirmed_at - 1 WHERE id = ?", "confirmed_at in"),
                new Edit("ended_at", "UPDATE cases SET ended_at = ended_at + 5000 WHERE id = ?", "ended_at in"),
                new Edit("counts", "UPDATE cases SET counts = '{\"person\":9,\"stall\":1}' WHERE id = ?", "counts in"),
                new Edit("objects", "UPDATE cases SET objects = '[\"person#99\"]' WHERE id = ?", "objects in"),
                new Edit("files", "UPDATE cases SET files = replace(files, '\"role\":\"clip\"', '\"role\":\"still\"') "
                        + "WHERE id = ?", "files in the database"),
                new Edit("dir", "UPDATE cases SET dir = 'cases/2020/01/01/' || id WHERE id = ?", "dir in the database"),
                new Edit("clip_status", "UPDATE cases SET clip_status = 'missing' WHERE id = ?", "clip_status in"),
                new Edit("manifest_sha256", "UPDATE cases SET manifest_sha256 = '" + "0".repeat(64) + "' WHERE id = ?",
                        "manifest_sha256 in"),
                new Edit("status", "UPDATE cases SET status = 'confirmed' WHERE id = ?", "the database says confirmed"),
                new Edit("reviewer", "UPDATE cases SET reviewer = 'mallory' WHERE id = ?", "reviewer in the database is 'mallory'"),
                new Edit("reason", "UPDATE cases SET reason = 'forged' WHERE id = ?", "reason in the database"),
                new Edit("reviewed_at", "UPDATE cases SET reviewed_at = reviewed_at + 1 WHERE id = ?", "reviewed_at in"),
                new Edit("created_at", "UPDATE cases SET created_at = created_at - 1 WHERE id = ?", "created_at in"),
                new Edit("area", "UPDATE cases SET area = '[0.0,0.0,1.0,1.0]' WHERE id = ?", "area in the database"),
                new Edit("appearance", "UPDATE cases SET appearance = '[0.5,0.5,0.5]' WHERE id = ?", "appearance in"),
                new Edit("purged_at", "UPDATE cases SET purged_at = NULL WHERE id = ?", "purged_at in the database is empty"),
                new Edit("bureau_codes", "UPDATE cases SET bureau_codes = replace(bureau_codes, '0501', '0504') "
                        + "WHERE id = ?", "bureau_codes in the database"),
                new Edit("measurements", "UPDATE cases SET measurements = replace(measurements, '180.5', '99.0') "
                        + "WHERE id = ?", "measurements in the database"),
                new Edit("evidence_bytes", "UPDATE cases SET evidence_bytes = 1 WHERE id = ?", "evidence_bytes in"),
                new Edit("invalid JSON", "UPDATE cases SET objects = '[\"person#1\", ' WHERE id = ?",
                        "objects in the database is not valid JSON"),
                new Edit("audit event edited", "UPDATE case_events SET actor = 'mallory' WHERE case_id = ? "
                        + "AND action = 'rejected'", "audit event 2 actor in the database is 'mallory'"),
                new Edit("audit event deleted", "DELETE FROM case_events WHERE case_id = ? AND action = 'ended'",
                        "audit event 3 (ended by streetwatch) is missing from the database"),
                new Edit("audit event added", "INSERT INTO case_events (case_id, seq, at, actor, action, detail) "
                        + "VALUES (?, 5, 0, 'mallory', 'confirmed', NULL)", "audit event 5 (confirmed by mallory) is not "
                        + "in the case log"));
        Path pristine = dir.resolve("cases.db");
        int named = 0;
        for (Edit e : edits) {
            Path copy = Files.createTempDirectory("edit").resolve("cases.db");
            Files.copy(pristine, copy);
            try (Database db = Database.open("jdbc:sqlite:" + copy, null, null)) {
                try (Connection con = db.connection(); PreparedStatement ps = con.prepareStatement(e.sql())) {
                    ps.setString(1, id);
                    assertThat(ps.executeUpdate()).as(e.field()).isEqualTo(1);
                }
                List<String> problems = Verifier.verify(dir, new CaseStore(db)).problems();
                assertThat(problems).as(e.field()).hasSize(1);
                assertThat(problems.get(0)).as(e.field()).startsWith("case " + id + ": ").contains(e.named());
                named++;
            }
        }
        System.out.println("verify named " + named + " of " + edits.size() + " single edits of a row");
    }

    @Test
    void namesADeletedDatabaseAndACaseFolderMovedToAnotherDay(@TempDir Path dir) throws Exception {
        Case c;
        try (Evidence ev = new Evidence(dir)) {
            c = ev.record("cam-m", 1).get(0);
        }
        Path moved = dir.resolve("cases/2020/01/01").resolve(c.id());
        Files.createDirectories(moved.getParent());
        Files.move(dir.resolve(c.evidence().dir()), moved);
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("cases.db"), null, null)) {
            assertThat(Verifier.verify(dir, new CaseStore(db)).problems()).containsExactly("case " + c.id()
                    + ": its folder is at cases/2020/01/01/" + c.id() + " but its manifest puts it at " + c.evidence().dir()
                    + " (moved?)");
        }
        Files.move(moved, dir.resolve(c.evidence().dir()));
        assertThat(Verifier.verify(dir, null).problems()).containsExactly("the case database is missing (deleted?) but "
                + "the case log names 1 cases (for a PostgreSQL database pass --config)");
    }
}
