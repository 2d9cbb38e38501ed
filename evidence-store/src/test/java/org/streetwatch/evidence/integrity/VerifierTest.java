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
import org.streetwatch.evidence.store.CaseQuery;
import org.streetwatch.evidence.testing.Evidence;

class VerifierTest {

    @Test
    void namesAChangedByteOfAClipAndADeletedRow(@TempDir Path dir) throws Exception {
        try (Evidence ev = new Evidence(dir)) {
            List<Case> c = ev.record("cam-v", 3);
            ev.reviews.decide(c.get(2).id(), CaseStatus.CONFIRMED, "li.wei", null);
            assertThat(Verifier.verify(dir, ev.store.list(CaseQuery.all())).problems()).isEmpty();

            Path clip = ev.folder.resolve(c.get(0).dir()).resolve("clip.mp4");
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
            Verifier.Report r = Verifier.verify(dir, ev.store.list(CaseQuery.all()));
            assertThat(r.problems()).hasSize(3);
            assertThat(r.problems()).anyMatch(p -> p.startsWith("case " + c.get(0).id() + ": clip.mp4 was altered"));
            assertThat(r.problems()).anyMatch(p -> p.equals("case " + c.get(1).id()
                    + ": the database has no row for it (deleted?)"));
            assertThat(r.problems()).anyMatch(p -> p.startsWith("case " + c.get(2).id()
                    + ": the database says rejected but the case log's last decision is confirmed"));
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
            assertThat(Verifier.verify(dir, ev.store.list(CaseQuery.all())).problems()).isEmpty();
            assertThat(more).hasSize(1);
        }
    }
}
