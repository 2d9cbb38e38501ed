package org.streetwatch.evidence.disposition;

import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.StoreException;
import org.streetwatch.backoff.Backoff;

/**
 * Reads the command centre's dispositions from a Kafka topic ({@code streetwatch.v1.Disposition}, key = case id) and
 * applies them. One thread ({@code dispositions}) owns the consumer. Offsets are committed only after the records
 * before them were applied (each in its own database transaction) or rejected, so a crash in between re-reads them
 * and {@link Dispositions} finds their steps already taken: nothing changes twice. A record that cannot be applied
 * is kept in {@link DispositionRejects}, logged once and skipped — it never stops the consumer. When the database is
 * unreachable the batch's unapplied records are read again after a backoff; nothing is skipped for that.
 */
public final class DispositionConsumer implements AutoCloseable {

    public static final String ACTOR = "dispositions:kafka";
    private static final Logger LOG = LoggerFactory.getLogger(DispositionConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Dispositions dispositions;
    private final DispositionRejects rejects;
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param client extra client settings (security: SASL, TLS); never logged
     */
    public DispositionConsumer(String bootstrap, String topic, String group, Properties client,
                               Dispositions dispositions, DispositionRejects rejects) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "streetwatch-dispositions");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(p);
        this.topic = topic;
        this.dispositions = dispositions;
        this.rejects = rejects;
        this.thread = new Thread(this::run, "dispositions");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
        LOG.info("reading dispositions from {}", topic);
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic));
            while (running) {
                ConsumerRecords<String, byte[]> batch = consumer.poll(POLL);
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                try {
                    for (ConsumerRecord<String, byte[]> r : batch) {
                        take(r);
                        done.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    }
                    backoff.reset();
                } catch (StoreException e) {
                    long wait = backoff.nextMs();
                    LOG.warn("dispositions: the database failed ({}); reading them again in {} ms", e.getMessage(), wait);
                    rewind(batch, done);
                    Thread.sleep(wait);
                }
                if (!done.isEmpty()) {
                    consumer.commitSync(done);
                }
            }
        } catch (WakeupException | org.apache.kafka.common.errors.InterruptException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("dispositions: the consumer stopped: {}", e.toString(), e);
        } finally {
            Thread.interrupted(); // close() interrupted a backoff wait; the consumer still closes cleanly
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Applies one record, or keeps it as rejected; only a database failure is thrown (the record is read again). */
    private void take(ConsumerRecord<String, byte[]> r) throws StoreException {
        String source = r.topic() + "-" + r.partition() + "@" + r.offset();
        Disposition d;
        try {
            d = Disposition.of(org.streetwatch.evidence.export.proto.Disposition.parseFrom(r.value() == null
                    ? new byte[0] : r.value()));
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            reject(source, r.key(), "not a valid Disposition: " + e.getMessage());
            return;
        }
        try {
            Dispositions.Result result = dispositions.apply(d, ACTOR);
            if (!result.applied()) {
                LOG.debug("dispositions: {} already {} ({}); nothing to do", d.caseId(), d.step().key(), source);
            }
        } catch (CaseStore.TransitionException e) {
            reject(source, d.caseId(), d.step().key() + ": " + e.getMessage());
        }
    }

    private void reject(String source, String caseId, String error) throws StoreException {
        if (rejects.add(source, caseId, error, System.currentTimeMillis())) {
            LOG.warn("dispositions: skipped {} (case {}): {}", source, caseId, error);
        }
    }

    /** After a failure, the next poll starts at each partition's first record not yet taken. */
    private void rewind(ConsumerRecords<String, byte[]> batch, Map<TopicPartition, OffsetAndMetadata> done) {
        for (TopicPartition tp : batch.partitions()) {
            OffsetAndMetadata taken = done.get(tp);
            consumer.seek(tp, taken != null ? taken.offset() : batch.records(tp).get(0).offset());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.interrupt(); // a backoff wait ends at once
        thread.join(10_000);
    }
}
