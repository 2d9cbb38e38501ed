package org.streetwatch.evidence.export;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.streetwatch.evidence.export.proto.CaseReport;

/**
 * Confirmed cases on a Kafka topic: key = case id, value = {@link CaseReport}. The producer is idempotent with
 * {@code acks=all}, so its own retries never duplicate a record; a send is waited for until the broker acknowledged
 * it or the delivery timeout decided it failed. What a crash or an unclear failure leaves open is settled by reading
 * the topic back ({@link #alreadyHas}) before anything is sent again.
 */
public final class KafkaSink implements CaseSink {

    static final String CONTENT_TYPE = "application/x-protobuf; messageType=streetwatch.v1.CaseReport";
    /** How far before a case's review the topic is read back: producer clocks may run behind ours. */
    private static final long CLOCK_SLACK_MS = 10 * 60_000;
    private static final Duration POLL = Duration.ofMillis(500);
    /** Reading the topic back gives up after this (the exporter retries): a broker lost mid-read never hangs it. */
    private static final Duration READ_BACK = Duration.ofSeconds(60);

    private final String topic;
    private final Properties common;
    private final KafkaProducer<String, byte[]> producer;

    /**
     * @param client extra client settings (security: SASL, TLS), e.g. from a properties file; never logged
     */
    public KafkaSink(String bootstrap, String topic, Properties client) {
        this.topic = topic;
        this.common = new Properties();
        common.putAll(client);
        common.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        Properties p = new Properties();
        p.putAll(common);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "streetwatch-export");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "10000");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public String deliver(CaseReport report) throws Exception {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, report.getCaseId(), report.toByteArray());
        r.headers().add("content-type", CONTENT_TYPE.getBytes(StandardCharsets.US_ASCII));
        RecordMetadata m = producer.send(r).get();
        return m.topic() + "-" + m.partition() + "@" + m.offset();
    }

    @Override
    public Set<String> alreadyHas(Collection<String> caseIds, long sinceMs) throws TimeoutException {
        Set<String> wanted = new HashSet<>(caseIds);
        Set<String> found = new HashSet<>();
        if (wanted.isEmpty()) {
            return found;
        }
        Properties c = new Properties();
        c.putAll(common);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "streetwatch-export-check");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(15));
            if (infos == null || infos.isEmpty()) {
                return found; // no topic yet: nothing was delivered
            }
            List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            Map<TopicPartition, Long> from = new HashMap<>();
            for (TopicPartition tp : parts) {
                from.put(tp, sinceMs - CLOCK_SLACK_MS);
            }
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(from);
            Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
            Map<TopicPartition, Long> remaining = new HashMap<>();
            for (TopicPartition tp : parts) {
                OffsetAndTimestamp start = starts.get(tp);
                long end = ends.get(tp);
                long at = start == null ? end : start.offset();
                consumer.seek(tp, at);
                if (at < end) {
                    remaining.put(tp, end);
                }
            }
            long deadline = System.nanoTime() + READ_BACK.toNanos();
            while (!remaining.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("reading " + topic + " back took longer than " + READ_BACK.toSeconds()
                            + " s");
                }
                for (ConsumerRecord<String, byte[]> rec : consumer.poll(POLL)) {
                    if (rec.key() != null && wanted.contains(rec.key())) {
                        found.add(rec.key());
                    }
                }
                remaining.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
        }
        return found;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
