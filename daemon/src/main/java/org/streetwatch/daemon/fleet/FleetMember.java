package org.streetwatch.daemon.fleet;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership of the fleet's consumer group. One thread ({@code fleet-consumer}) owns the KafkaConsumer:
 * it polls, and Kafka runs the rebalance callbacks on it, which call the {@link Listener} synchronously. So a
 * revoked partition's cameras (or the exporter) are stopped before Kafka releases the partition to another node:
 * stop before start. No record is ever read: the partitions are paused, the group is only a membership.
 *
 * <p>When the brokers are lost, Kafka keeps the assignment, and so does this node: its cameras keep running (said
 * in the log) and it rejoins the group when they are back. Other nodes that still reach the brokers may then take
 * the same cameras after the session timeout: two nodes analyse them until this one rejoins.
 */
public final class FleetMember implements AutoCloseable {

    /** What the daemon does with this node's share; called on the consumer thread. */
    public interface Listener {
        /** The fleet partitions this node owns now, and whether it runs the exporter. */
        void owned(Set<Integer> partitions, boolean exporter);
    }

    /** Where the group is, from the config's {@code cluster} section. */
    public record Options(String nodeId, String bootstrap, String group, String topic, int partitions,
                          Duration sessionTimeout, double capacity, Properties client) {
        String exporterTopic() {
            return topic + ".exporter";
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(FleetMember.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(500);
    /** The coordinator's answers Kafka counts: any of them means the brokers are there. */
    private static final Set<String> ANSWERS = Set.of("heartbeat-total", "join-total", "sync-total");

    private final Options options;
    private final Listener listener;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final int partitions;
    private final Thread thread;
    private final Counter handovers;
    private final Histogram stopSeconds;
    private final Histogram startSeconds;
    private final Set<TopicPartition> owned = new TreeSet<>(
            java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
    private volatile boolean running = true;
    private volatile boolean rebalanceWanted;
    private volatile boolean brokersLost;
    private double heartbeats;
    private long lastHeardNanos = System.nanoTime();

    private FleetMember(Options options, Listener listener, KafkaConsumer<byte[], byte[]> consumer, int partitions,
                        PrometheusRegistry registry) {
        this.options = options;
        this.listener = listener;
        this.consumer = consumer;
        this.partitions = partitions;
        this.handovers = Counter.builder().name("streetwatch_fleet_handovers_total")
                .help("Fleet partitions (their cameras) handed to this node (in) or taken from it (out, lost)")
                .labelNames("node", "direction").register(registry);
        this.stopSeconds = Histogram.builder().name("streetwatch_fleet_handover_stop_seconds")
                .help("Time to stop the cameras of partitions taken from this node; the next node starts them "
                        + "one group round after this").labelNames("node").register(registry);
        this.startSeconds = Histogram.builder().name("streetwatch_fleet_handover_start_seconds")
                .help("Time to start the cameras of partitions given to this node").labelNames("node")
                .register(registry);
        this.thread = new Thread(this::run, "fleet-consumer");
        this.thread.setDaemon(true);
    }

    /**
     * Checks the brokers and creates the fleet and exporter topics if missing; {@link #start()} joins the group.
     * Throws one line when the brokers cannot be reached within 15 s.
     *
     * @param weights cameras per partition for a partition count, from this node's camera list (every node has the
     *                same)
     */
    public static FleetMember join(Options options, IntFunction<int[]> weights, Listener listener,
                                   PrometheusRegistry registry) throws FleetException {
        int partitions = ensureTopics(options);
        Properties p = new Properties();
        p.putAll(options.client());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, options.group());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "streetwatch-" + options.nodeId());
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CapacityAssignor.class.getName());
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(options.sessionTimeout().toMillis()));
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(options.sessionTimeout().toMillis() / 4));
        // the rebalance callbacks stop and start cameras: time enough for that, not for a stuck node
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "120000");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(CapacityAssignor.CAPACITY, options.capacity());
        p.put(CapacityAssignor.WEIGHTS, weights);
        p.put(CapacityAssignor.FLEET_TOPIC, options.topic());
        p.put(CapacityAssignor.EXPORTER_TOPIC, options.exporterTopic());
        return new FleetMember(options, listener, new KafkaConsumer<>(p), partitions, registry);
    }

    /** Joins the group: from here on the listener hears of this node's share. */
    public void start() {
        thread.start();
    }

    /** The fleet topic's partition count (the topic's own, which every node reads the same). */
    public int partitions() {
        return partitions;
    }

    /** Asks the group to balance again (the camera list changed); the consumer thread does it at its next poll. */
    public void rebalance() {
        rebalanceWanted = true;
    }

    private static int ensureTopics(Options o) throws FleetException {
        Properties p = new Properties();
        p.putAll(o.client());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrap());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(START_TIMEOUT.toMillis()));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(START_TIMEOUT.toMillis() / 3));
        try (Admin admin = Admin.create(p)) {
            for (NewTopic t : List.of(new NewTopic(o.topic(), Optional.of(o.partitions()), Optional.empty()),
                    new NewTopic(o.exporterTopic(), Optional.of(1), Optional.empty()))) {
                try {
                    admin.createTopics(List.of(t)).all().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            TopicDescription d = admin.describeTopics(List.of(o.topic())).allTopicNames()
                    .get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(o.topic());
            if (d.partitions().size() != o.partitions()) {
                LOG.warn("fleet topic {} has {} partitions, not cluster.partitions {}: using the topic's", o.topic(),
                        d.partitions().size(), o.partitions());
            }
            return d.partitions().size();
        } catch (TimeoutException e) {
            throw new FleetException("cluster.bootstrap_servers: " + o.bootstrap() + ": no Kafka broker answered "
                    + "within " + START_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            String why = c instanceof org.apache.kafka.common.errors.TimeoutException
                    ? "no Kafka broker answered within " + START_TIMEOUT.toSeconds() + " s"
                    : c.getMessage();
            throw new FleetException("cluster.bootstrap_servers: " + o.bootstrap() + ": " + why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetException("interrupted while reaching the Kafka brokers");
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new FleetException("cluster: " + e.getMessage());
        }
    }

    private void run() {
        try (consumer) {
            consumer.subscribe(List.of(options.topic(), options.exporterTopic()), new Callbacks());
            while (running) {
                if (rebalanceWanted) {
                    rebalanceWanted = false;
                    consumer.enforceRebalance("camera list changed");
                }
                consumer.poll(POLL);
                watchBrokers();
            }
        } catch (WakeupException e) {
            // close() ends the loop; closing the consumer leaves the group, revoking (stopping) everything first
        } catch (RuntimeException e) {
            LOG.error("fleet membership ended: {}; this node's cameras keep running until it is restarted",
                    e.toString());
        }
    }

    /**
     * Says when the group's coordinator has not answered for a session timeout, and when it answers again: Kafka's
     * counts of heartbeat, join and sync answers stand still meanwhile (a rebalance pauses heartbeats, not joins).
     */
    private void watchBrokers() {
        double beats = consumer.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("consumer-coordinator-metrics")
                        && ANSWERS.contains(e.getKey().name()))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
        long now = System.nanoTime();
        if (beats != heartbeats) {
            heartbeats = beats;
            lastHeardNanos = now;
        }
        boolean lost = now - lastHeardNanos > options.sessionTimeout().toNanos();
        if (lost && !brokersLost) {
            LOG.warn("lost the Kafka brokers at {}: keeping this node's {} fleet partitions' cameras running until "
                    + "they are back", options.bootstrap(), fleetPartitions().size());
        } else if (!lost && brokersLost) {
            LOG.info("the Kafka brokers are back: this node is in the fleet group again");
        }
        brokersLost = lost;
    }

    /** Whether the group's coordinator answered a heartbeat within the session timeout. */
    public boolean connected() {
        return !brokersLost;
    }

    private Set<Integer> fleetPartitions() {
        Set<Integer> out = new TreeSet<>();
        for (TopicPartition tp : owned) {
            if (tp.topic().equals(options.topic())) {
                out.add(tp.partition());
            }
        }
        return out;
    }

    private boolean exporter() {
        return owned.stream().anyMatch(tp -> tp.topic().equals(options.exporterTopic()));
    }

    /** Kafka's rebalance callbacks, on the consumer thread. */
    private final class Callbacks implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            taken(revoked, "out");
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            taken(lost, "lost");
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            consumer.pause(assigned);
            if (assigned.isEmpty()) {
                return;
            }
            long t0 = System.nanoTime();
            owned.addAll(assigned);
            tell();
            handovers.labelValues(options.nodeId(), "in").inc(assigned.size());
            startSeconds.labelValues(options.nodeId()).observe((System.nanoTime() - t0) / 1e9);
            LOG.info("fleet: given {} partitions, own {}{}", assigned.size(), fleetPartitions().size(),
                    exporter() ? " and the exporter" : "");
        }

        private void taken(Collection<TopicPartition> parts, String direction) {
            if (parts.isEmpty()) {
                return;
            }
            long t0 = System.nanoTime();
            owned.removeAll(parts);
            tell();
            handovers.labelValues(options.nodeId(), direction).inc(parts.size());
            stopSeconds.labelValues(options.nodeId()).observe((System.nanoTime() - t0) / 1e9);
            LOG.info("fleet: {} partitions {}, own {}", parts.size(), direction.equals("lost") ? "lost" : "handed on",
                    fleetPartitions().size());
        }

        private void tell() {
            try {
                listener.owned(fleetPartitions(), exporter());
            } catch (RuntimeException e) {
                LOG.error("fleet: applying this node's share failed: {}", e.toString());
            }
        }
    }

    /** Leaves the group: the callbacks stop this node's cameras, then the others take them at once. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(30).toMillis());
    }

    /** A fleet setting that does not work: one line for the operator. */
    public static final class FleetException extends Exception {
        public FleetException(String message) {
            super(message);
        }
    }

}
