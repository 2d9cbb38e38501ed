package org.streetwatch.daemon.fleet;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.TopicPartition;

/**
 * The group's assignor (run by whichever member Kafka makes leader): fleet partitions weighted by their cameras and
 * spread by {@link Balance} in proportion to each member's {@code cluster.capacity} (carried in its subscription), and
 * the exporter topic's single partition kept by its owner while it lives. Cooperative: a partition that changes owner
 * is left out of this round, so its old owner revokes it (stopping its cameras) and the group's next round gives it to
 * the new one: stop before start, never two owners.
 */
public final class CapacityAssignor implements ConsumerPartitionAssignor, Configurable {

    static final String NAME = "streetwatch-capacity";
    /** Consumer config keys through which {@link FleetMember} hands this node's side to its assignor instance. */
    static final String CAPACITY = "streetwatch.capacity";
    static final String WEIGHTS = "streetwatch.weights";
    static final String FLEET_TOPIC = "streetwatch.fleet.topic";
    static final String EXPORTER_TOPIC = "streetwatch.exporter.topic";

    private double capacity = 1;
    private IntFunction<int[]> weights;
    private String fleetTopic;
    private String exporterTopic;

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs) {
        capacity = (Double) configs.get(CAPACITY);
        weights = (IntFunction<int[]>) configs.get(WEIGHTS);
        fleetTopic = (String) configs.get(FLEET_TOPIC);
        exporterTopic = (String) configs.get(EXPORTER_TOPIC);
    }

    @Override
    public ByteBuffer subscriptionUserData(Set<String> topics) {
        return ByteBuffer.allocate(Double.BYTES).putDouble(0, capacity);
    }

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription group) {
        Map<String, Subscription> subs = new TreeMap<>(group.groupSubscription());
        Map<String, Balance.Member> members = new TreeMap<>();
        Map<TopicPartition, String> owners = new HashMap<>();
        String exporter = null;
        for (var e : subs.entrySet()) {
            Set<Integer> owned = new TreeSet<>();
            for (TopicPartition tp : e.getValue().ownedPartitions()) {
                owners.putIfAbsent(tp, e.getKey());
                if (tp.topic().equals(fleetTopic)) {
                    owned.add(tp.partition());
                } else if (tp.topic().equals(exporterTopic) && exporter == null) {
                    exporter = e.getKey();
                }
            }
            ByteBuffer data = e.getValue().userData();
            members.put(e.getKey(), new Balance.Member(data == null || data.remaining() < Double.BYTES ? 1
                    : data.getDouble(data.position()), owned));
        }
        Integer count = metadata.partitionCountForTopic(fleetTopic);
        Map<String, Set<Integer>> plan = Balance.plan(members, weights.apply(count == null ? 0 : count));
        Map<String, Assignment> out = new HashMap<>();
        String exporterNode = exporter != null ? exporter : subs.keySet().iterator().next();
        for (var e : plan.entrySet()) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int p : e.getValue()) {
                parts.add(new TopicPartition(fleetTopic, p));
            }
            if (e.getKey().equals(exporterNode)) {
                parts.add(new TopicPartition(exporterTopic, 0));
            }
            // still owned by another member: it revokes first, the next round hands it over
            parts.removeIf(tp -> owners.containsKey(tp) && !owners.get(tp).equals(e.getKey()));
            out.put(e.getKey(), new Assignment(parts));
        }
        return new GroupAssignment(out);
    }

    @Override
    public List<RebalanceProtocol> supportedProtocols() {
        return List.of(RebalanceProtocol.COOPERATIVE);
    }

    @Override
    public String name() {
        return NAME;
    }
}
