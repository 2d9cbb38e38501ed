package org.streetwatch.daemon.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.daemon.wiring.Daemon;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.cases.RecheckRecorder;
import org.streetwatch.evidence.cases.Reviews;
import org.streetwatch.evidence.disposition.Disposition;
import org.streetwatch.evidence.disposition.Dispositions;
import org.streetwatch.evidence.integrity.CaseLog;
import org.streetwatch.evidence.integrity.Signer;
import org.streetwatch.evidence.integrity.Verifier;
import org.streetwatch.evidence.store.CaseQuery;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.Database;
import org.streetwatch.evidence.testing.KafkaBroker;
import org.streetwatch.ingest.testing.SharedData;
import org.streetwatch.review.api.DispositionApi;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The re-check of a handled case on scenario footage through the real model and pipeline: a vendor is reported,
 * confirmed, exported, dispatched and handled (the first test through the running daemon's consumer of a real KRaft
 * broker); then the same camera shows the place again — empty (verified, with signed "after" stills) or with the
 * vendor still there (recurred, with a new linked case). The zone overrides the rule's {@code recheck_s}: the global
 * 30 s would outlast the clips.
 */
class RecheckIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String START = "2026-11-27T10:00:00+08:00";
    private static final double INTERVAL_S = 1;
    private static final double ZONE_RECHECK_S = 6;

    @TempDir
    Path dir;

    private static final String CONFIG = Scenes.CONFIG_HEAD + """
            dispositions: {kafka: {bootstrap_servers: "BOOTSTRAP"}}
            rules:
              street_vending: {dwell_s: 20, cooldown_s: 10, recheck_s: 30, prop_kinds: [vending_prop, stall, bicycle]}
            cameras:
              - id: scene
                url: "VIDEO"
                start_time: "START"
                sample_interval_s: INTERVAL
                zones:
                  - {id: shopfront, type: no_vending, unit: shop-12, polygon: [[0.45, 0.6], [1, 0.6], [1, 1], [0.45, 1]],
                     rules: {street_vending: {recheck_s: RECHECK}}}
            """;

    /** Writes the config for a video (dispositions from this broker, or none), returns it. */
    private StreetwatchConfig config(Path video, KafkaBroker broker) throws Exception {
        Path cfg = dir.resolve("streetwatch.yaml");
        String text = CONFIG.replace("MODELS", SharedData.models().toString()).replace("VIDEO", video.toString())
                .replace("START", START).replace("INTERVAL", Double.toString(INTERVAL_S))
                .replace("RECHECK", Double.toString(ZONE_RECHECK_S));
        Files.writeString(cfg, broker == null ? text.replace("BOOTSTRAP", "") : text.replace("BOOTSTRAP",
                broker.bootstrap()));
        return ConfigLoader.load(cfg);
    }

    /** Runs the daemon over a video once, returns the config. */
    private StreetwatchConfig run(Path video) throws Exception {
        StreetwatchConfig config = config(video, null);
        try (Daemon d = Daemon.start(config, true)) {
            d.awaitFilesDone(Duration.ofMinutes(5));
        }
        return config;
    }

    /**
     * Runs the daemon over a video once, then, while it runs, confirms and exports its case and has the command
     * centre dispatch and handle it on the dispositions topic; returns the handled case.
     */
    private Case handledOverKafka(Path video, KafkaBroker broker) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (Daemon d = Daemon.start(config(video, broker), true);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            d.awaitFilesDone(Duration.ofMinutes(5));
            List<Case> cases = d.store().list(CaseQuery.all());
            assertThat(cases).hasSize(1);
            String id = cases.get(0).id();
            d.reviews().decide(id, CaseStatus.CONFIRMED, "li.wei", null);
            d.reviews().exported(id, "export:kafka", "streetwatch.cases-0@0");
            for (var step : List.of(org.streetwatch.evidence.export.proto.Disposition.Step.DISPATCHED,
                    org.streetwatch.evidence.export.proto.Disposition.Step.HANDLED)) {
                producer.send(new ProducerRecord<>("streetwatch.dispositions", id,
                        org.streetwatch.evidence.export.proto.Disposition.newBuilder().setCaseId(id).setStep(step)
                                .setBy("team 3").build().toByteArray())).get();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (d.store().get(id).orElseThrow().review().status() != CaseStatus.HANDLED) {
                assertThat(System.nanoTime()).as("the daemon applies the dispositions").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(d.store().events(id)).extracting(CaseStore.Event::actor).endsWith("dispositions:kafka",
                    "dispositions:kafka");
            return d.store().get(id).orElseThrow();
        }
    }

    /** The vendor's case, taken by the command centre to "handled" as its dispositions would. */
    private Case handled(StreetwatchConfig config) throws Exception {
        try (Database db = config.openDatabase()) {
            CaseStore store = new CaseStore(db);
            List<Case> cases = store.list(CaseQuery.all());
            assertThat(cases).hasSize(1);
            String id = cases.get(0).id();
            Reviews reviews = new Reviews(store, CaseLog.open(config.evidenceDir(), Signer.open(config.evidenceDir())));
            reviews.decide(id, CaseStatus.CONFIRMED, "li.wei", null);
            reviews.exported(id, "export:kafka", "streetwatch.cases-0@0");
            Dispositions dispositions = new Dispositions(reviews);
            dispositions.apply(new Disposition(id, CaseStatus.DISPATCHED, "team 3", null, null), DispositionApi.ACTOR);
            return dispositions.apply(new Disposition(id, CaseStatus.HANDLED, "team 3", "vendor moved on", null),
                    DispositionApi.ACTOR).c();
        }
    }

    private static JsonNode recheck(StreetwatchConfig config, Case c) throws Exception {
        return JSON.readTree(config.evidenceDir().resolve(c.evidence().dir()).resolve(RecheckRecorder.FILE).toFile());
    }

    @Test
    void theVendorGoneMakesTheCaseVerifiedWithSignedAfterStills() throws Exception {
        Case c;
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"))) {
            c = handledOverKafka(Scenes.vending("vending", 4), broker);
        }
        // the place again, later: the campus without the vendor
        StreetwatchConfig config = run(new Scenario("recheck-gone", Scenes.vtest(), 40, 12, 1).render(Scenes.dir()));
        try (Database db = config.openDatabase()) {
            CaseStore store = new CaseStore(db);
            Case after = store.get(c.id()).orElseThrow();
            assertThat(after.review().status()).isEqualTo(CaseStatus.VERIFIED);
            assertThat(store.list(CaseQuery.all())).hasSize(1);
            JsonNode r = recheck(config, c);
            assertThat(r.path("verdict").asString()).isEqualTo("verified");
            assertThat(r.path("files")).hasSize(3);
            long firstUs = r.path("files").get(0).path("camera_us").asLong();
            long lastUs = r.path("files").get(2).path("camera_us").asLong();
            // judged from the zone's recheck_s on: three frames, a sampling interval apart
            assertThat(firstUs).isBetween((long) (ZONE_RECHECK_S * 1e6), (long) ((ZONE_RECHECK_S + INTERVAL_S) * 1e6));
            System.out.printf("re-check: handled -> verified after %.1f s of stream time (recheck_s %.0f, %d frames)%n",
                    lastUs / 1e6, ZONE_RECHECK_S, r.path("files").size());
            assertThat(store.events(c.id()).get(store.events(c.id()).size() - 1).detail())
                    .startsWith(RecheckRecorder.FILE + " ");
            assertThat(Verifier.verify(config.evidenceDir(), store).problems()).isEmpty();

            // an "after" still edited is named
            Path still = config.evidenceDir().resolve(c.evidence().dir()).resolve("after-2.jpg");
            byte[] bytes = Files.readAllBytes(still);
            bytes[bytes.length / 2] ^= 1;
            Files.write(still, bytes);
            assertThat(Verifier.verify(config.evidenceDir(), store).problems())
                    .anyMatch(p -> p.contains(c.id()) && p.contains("after-2.jpg was altered"));
        }
    }

    @Test
    void theVendorStillThereMakesTheCaseRecurredWithANewLinkedCase() throws Exception {
        StreetwatchConfig config = run(Scenes.vending("vending", 4));
        Case c = handled(config);
        // the place again: the vendor is still (or back) there, for less than a dwell
        config = run(new Scenario("recheck-stays", Scenes.vtest(), 0, 12, 1)
                .place(Scenes.person(160), 0, 12, Scenes.STALL[0], Scenes.STALL[1])
                .place(Scenes.bike(), 0, 12, Scenes.CART[0], Scenes.CART[1])
                .render(Scenes.dir()));
        try (Database db = config.openDatabase()) {
            CaseStore store = new CaseStore(db);
            assertThat(store.get(c.id()).orElseThrow().review().status()).isEqualTo(CaseStatus.RECURRED);
            List<Case> cases = store.list(CaseQuery.all());
            assertThat(cases).hasSize(2);
            Case recurrence = cases.stream().filter(x -> !x.id().equals(c.id())).findFirst().orElseThrow();
            assertThat(recurrence.review().status()).isEqualTo(CaseStatus.PENDING);
            assertThat(recurrence.where().zone()).isEqualTo("shopfront");
            assertThat(recurrence.where().unit()).isEqualTo("shop-12");
            assertThat(recurrence.what().counts()).containsEntry("person", 1).containsEntry("bicycle", 1);
            JsonNode r = recheck(config, c);
            assertThat(r.path("verdict").asString()).isEqualTo("recurred");
            assertThat(r.path("recurrence").asString()).isEqualTo(recurrence.violationId());
            List<CaseStore.Event> trail = store.events(c.id());
            assertThat(trail.get(trail.size() - 1).detail()).endsWith("recurred as violation " + recurrence.violationId());
            assertThat(Verifier.verify(config.evidenceDir(), store).problems()).isEmpty();
        }
    }
}
