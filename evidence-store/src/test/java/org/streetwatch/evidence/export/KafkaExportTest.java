package org.streetwatch.evidence.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.export.proto.CaseReport;
import org.streetwatch.evidence.integrity.Signer;
import org.streetwatch.evidence.integrity.Verifier;
import org.streetwatch.evidence.testing.Evidence;
import org.streetwatch.evidence.testing.KafkaBroker;

/**
 * Export of confirmed cases to a real single-node KRaft broker: every confirmed case arrives, exactly once by case id,
 * across a broker outage and across a crash between the broker's acknowledgement and our commit.
 */
class KafkaExportTest {

    private static final String TOPIC = "streetwatch.cases";

    @TempDir
    static Path dir;
    static KafkaBroker broker;
    static Evidence ev;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start(dir.resolve("kafka"));
        ev = new Evidence(dir.resolve("evidence"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (ev != null) {
            ev.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private Exporter exporter() throws Exception {
        return new Exporter(ev.reviews, new CaseReports(ev.folder, Signer.fingerprint(ev.signer.publicKey())),
                new KafkaSink(broker.bootstrap(), TOPIC, new Properties()), Duration.ofMillis(200), Duration.ofSeconds(2),
                new io.prometheus.metrics.model.registry.PrometheusRegistry());
    }

    private long copies(String caseId) {
        return broker.readAll(TOPIC).stream().filter(r -> r.key().equals(caseId)).count();
    }

    private static void await(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    private boolean exported(String id) {
        try {
            return ev.store.get(id).orElseThrow().review().status() == CaseStatus.EXPORTED;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void confirmedCasesArriveOnceEachWithTheirEvidenceHashesAndSignature() throws Exception {
        List<Case> cases = ev.record("cam-k1", 3);
        ev.reviews.decide(cases.get(0).id(), CaseStatus.CONFIRMED, "li.wei", null);
        ev.reviews.decide(cases.get(1).id(), CaseStatus.REJECTED, "li.wei", "licensed");
        try (Exporter ex = exporter()) {
            ex.start();
            await(() -> exported(cases.get(0).id()), "the confirmed case is acknowledged");
            ev.reviews.decide(cases.get(2).id(), CaseStatus.CONFIRMED, "li.wei", null);
            await(() -> exported(cases.get(2).id()), "a case confirmed later is acknowledged");
        }
        List<ConsumerRecord<String, byte[]>> records = broker.readAll(TOPIC);
        assertThat(records.stream().map(ConsumerRecord::key))
                .contains(cases.get(0).id(), cases.get(2).id()).doesNotContain(cases.get(1).id());
        assertThat(copies(cases.get(0).id())).isEqualTo(1);
        CaseReport r = CaseReport.parseFrom(records.stream().filter(x -> x.key().equals(cases.get(0).id()))
                .findFirst().orElseThrow().value());
        assertThat(r.getRule()).isEqualTo("street_vending");
        assertThat(r.getReviewer()).isEqualTo("li.wei");
        assertThat(r.getManifestSha256()).isEqualTo(cases.get(0).evidence().manifestSha256());
        assertThat(r.getFilesList()).extracting(f -> f.getName()).contains("clip.mp4", "still-1.jpg", "still-2.jpg");
        assertThat(r.getManifestSignature().size()).isEqualTo(64);
        assertThat(r.getCountsMap()).containsEntry("stall", 1);
        assertThat(ev.store.events(cases.get(0).id())).anyMatch(e -> e.action().equals("exported")
                && e.actor().equals("export:kafka") && e.detail().startsWith(TOPIC + "-"));
        assertThat(Verifier.verify(ev.root, ev.store).problems()).isEmpty();
    }

    @Test
    void aCaseAcknowledgedJustBeforeACrashIsNotSentAgain() throws Exception {
        Case c = ev.record("cam-k2", 1).get(0);
        ev.reviews.decide(c.id(), CaseStatus.CONFIRMED, "li.wei", null);
        // the last run delivered it and died before marking it exported: the broker holds it, our database does not
        try (KafkaSink lastRun = new KafkaSink(broker.bootstrap(), TOPIC, new Properties())) {
            lastRun.deliver(new CaseReports(ev.folder, "k").of(ev.store.get(c.id()).orElseThrow()));
        }
        assertThat(ev.store.get(c.id()).orElseThrow().review().status()).isEqualTo(CaseStatus.CONFIRMED);
        try (Exporter ex = exporter()) {
            ex.start();
            await(() -> exported(c.id()), "the case is marked exported");
        }
        assertThat(copies(c.id())).isEqualTo(1);
        assertThat(ev.store.events(c.id())).anyMatch(e -> e.action().equals("exported")
                && e.detail().equals("already held by the receiver"));
    }

    @Test
    void aBrokerOutageDelaysButLosesAndDuplicatesNothing() throws Exception {
        Case c = ev.record("cam-k3", 1).get(0);
        broker.kill();
        try (Exporter ex = exporter()) {
            ex.start();
            ev.reviews.decide(c.id(), CaseStatus.CONFIRMED, "li.wei", null);
            await(() -> ex.status().failures() > 0, "the exporter noticed the broker is down");
            assertThat(ex.status().lastError()).isNotBlank();
            assertThat(ev.store.get(c.id()).orElseThrow().review().status()).isEqualTo(CaseStatus.CONFIRMED);
            broker.start();
            await(() -> exported(c.id()), "the case is delivered after the broker is back");
        }
        assertThat(copies(c.id())).isEqualTo(1);
    }
}
