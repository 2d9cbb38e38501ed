package org.streetwatch.evidence.disposition;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.export.proto.Disposition.Step;
import org.streetwatch.evidence.integrity.CaseLog;
import org.streetwatch.evidence.integrity.Verifier;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.testing.Evidence;
import org.streetwatch.evidence.testing.KafkaBroker;

/**
 * Dispositions on a real single-node KRaft broker: a case moves exported → dispatched → handled, each step audited and
 * signed; a replayed topic and a duplicate record change nothing; a malformed record is kept and logged once and the
 * records after it still apply; verify holds every step and names an edited one.
 */
class DispositionConsumerTest {

    private static final String TOPIC = "streetwatch.dispositions";

    @TempDir
    static Path dir;
    static KafkaBroker broker;
    static Evidence ev;
    static KafkaProducer<String, byte[]> producer;
    static int sent;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start(dir.resolve("kafka"));
        ev = new Evidence(dir.resolve("evidence"));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(p);
    }

    @AfterAll
    static void stop() throws Exception {
        if (producer != null) {
            producer.close();
        }
        if (ev != null) {
            ev.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static DispositionConsumer consumer(String group) {
        return new DispositionConsumer(broker.bootstrap(), TOPIC, group, new Properties(),
                new Dispositions(ev.reviews), new DispositionRejects(ev.db));
    }

    private static void send(String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(TOPIC, key, value)).get();
        sent++;
    }

    private static byte[] disposition(String caseId, Step step, String by) {
        return org.streetwatch.evidence.export.proto.Disposition.newBuilder().setCaseId(caseId).setStep(step)
                .setBy(by).setAt(Timestamp.newBuilder().setSeconds(1_790_000_000L)).build().toByteArray();
    }

    /** A case confirmed by a reviewer and acknowledged by the command centre. */
    private static Case exported(String camera) throws Exception {
        Case c = ev.record(camera, 1).get(0);
        ev.reviews.decide(c.id(), CaseStatus.CONFIRMED, "li.wei", null);
        return ev.reviews.exported(c.id(), "export:kafka", TOPIC + "-0@0");
    }

    private static CaseStatus status(String id) {
        try {
            return ev.store.get(id).orElseThrow().review().status();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aDispositionMovesACaseToHandledOnceAndAReplayChangesNothing() throws Exception {
        Case c = exported("cam-d1");
        Case never = ev.record("cam-d1", 1).get(0); // pending: the command centre cannot handle it
        send(c.id(), disposition(c.id(), Step.DISPATCHED, "team 3"));
        send(c.id(), new byte[] {0x0a, (byte) 0xff, 0x01}); // a truncated message
        send(never.id(), disposition(never.id(), Step.HANDLED, "team 3"));
        send(c.id(), disposition(c.id(), Step.DISPATCHED, "team 3")); // a duplicate
        send(c.id(), disposition(c.id(), Step.HANDLED, "team 3"));
        try (DispositionConsumer dc = consumer("streetwatch")) {
            dc.start();
            await(() -> status(c.id()) == CaseStatus.HANDLED, "the case is handled");
            await(() -> rejects() == 2, "both records that cannot apply are kept");
        }
        List<CaseStore.Event> trail = ev.store.events(c.id());
        assertThat(trail).extracting(CaseStore.Event::action)
                .containsExactly("created", "confirmed", "exported", "dispatched", "handled");
        assertThat(trail.get(3).actor()).isEqualTo(DispositionConsumer.ACTOR);
        assertThat(trail.get(3).detail()).startsWith("by team 3");
        assertThat(status(never.id())).isEqualTo(CaseStatus.PENDING);
        long logged = CaseLog.read(ev.root.resolve(CaseLog.FILE)).size();

        // the whole topic again, as after a lost commit or a new consumer group: nothing changes, nothing is logged
        try (DispositionConsumer replay = consumer("replay")) {
            replay.start();
            send(c.id(), disposition(c.id(), Step.HANDLED, "team 3")); // a marker: once consumed, all before it are
            await(() -> committed("replay") == sent, "the replay consumed the topic");
        }
        assertThat(ev.store.events(c.id())).hasSize(5);
        assertThat(CaseLog.read(ev.root.resolve(CaseLog.FILE))).hasSize((int) logged);
        assertThat(rejects()).isEqualTo(2);
        assertThat(Verifier.verify(ev.root, ev.store).problems()).isEmpty();
    }

    @Test
    void verifyNamesAnEditedDispositionStep() throws Exception {
        Case c = exported("cam-d2");
        new Dispositions(ev.reviews).apply(new Disposition(c.id(), CaseStatus.DISPATCHED, "team 5", null, null),
                DispositionConsumer.ACTOR);
        assertThat(Verifier.verify(ev.root, ev.store).problems()).isEmpty();

        // the database claims a step the log never signed
        try (Connection con = ev.db.connection();
             PreparedStatement ps = con.prepareStatement("UPDATE cases SET status = 'handled' WHERE id = ?")) {
            ps.setString(1, c.id());
            ps.executeUpdate();
        }
        assertThat(Verifier.verify(ev.root, ev.store).problems())
                .anyMatch(p -> p.contains(c.id()) && p.contains("status edited"));
        try (Connection con = ev.db.connection();
             PreparedStatement ps = con.prepareStatement("UPDATE cases SET status = 'dispatched' WHERE id = ?")) {
            ps.setString(1, c.id());
            ps.executeUpdate();
        }

        // the signed log's step edited: who dispatched it
        Path log = ev.root.resolve(CaseLog.FILE);
        String text = Files.readString(log, StandardCharsets.UTF_8);
        Files.writeString(log, text.replace("by team 5", "by team 6"), StandardCharsets.UTF_8);
        try {
            assertThat(Verifier.verify(ev.root, ev.store).problems())
                    .anyMatch(p -> p.contains("dispatched " + c.id()) && p.contains("edited"));
        } finally {
            Files.writeString(log, text, StandardCharsets.UTF_8);
        }
    }

    private static int rejects() {
        try {
            return new DispositionRejects(ev.db).count();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The offsets the group committed on all the topic's partitions together: the records it consumed. */
    private static long committed(String group) {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrap());
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            var offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return offsets.values().stream().mapToLong(o -> o.offset()).sum();
        } catch (Exception e) {
            return -1;
        }
    }
}
