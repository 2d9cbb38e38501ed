package org.streetwatch.daemon.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Partitions of the fleet topic spread over the nodes so each node's cameras are near its capacity-weighted fair
 * share, moving as few cameras as it can: every node keeps what it owns, the partitions nobody owns (a node gone,
 * a new topic) go heaviest first to whoever is furthest below its share, and only if a node is then beyond the
 * {@link #PROMISE} are partitions moved, from the nodes furthest above their share, each move keeping the giver within
 * {@link #TOLERANCE} so no third node is disturbed. A node leaving therefore moves only its own cameras and a node
 * joining takes only what it needs.
 */
final class Balance {

    /** The promise: every node within ±10 % of its fair share. Partitions move only when a node is beyond it. */
    static final double PROMISE = 0.10;
    /** Once moving, how close to its fair share each node is brought (headroom inside the promise). */
    static final double TOLERANCE = 0.08;

    /** One member as the group leader sees it. */
    record Member(double capacity, Set<Integer> owned) {
    }

    private Balance() {
    }

    /** Each member's partitions. {@code weights[p]} is the number of cameras in partition p. */
    static Map<String, Set<Integer>> plan(Map<String, Member> members, int[] weights) {
        Map<String, Node> nodes = new TreeMap<>();
        double capacity = members.values().stream().mapToDouble(Member::capacity).sum();
        long total = 0;
        for (int w : weights) {
            total += w;
        }
        Set<Integer> taken = new HashSet<>();
        for (var e : new TreeMap<>(members).entrySet()) {
            Node n = new Node(e.getValue().capacity(), total * e.getValue().capacity() / capacity);
            nodes.put(e.getKey(), n);
            for (int p : e.getValue().owned()) {
                // a partition two members claim (a stale generation) stays with the first
                if (p >= 0 && p < weights.length && taken.add(p)) {
                    n.add(p, weights[p]);
                }
            }
        }
        List<Integer> free = new ArrayList<>();
        for (int p = 0; p < weights.length; p++) {
            if (!taken.contains(p)) {
                free.add(p);
            }
        }
        free.sort(Comparator.comparingInt((Integer p) -> -weights[p]).thenComparingInt(p -> p));
        // Nodes beyond tolerance below their share before anything free is handed out (a joiner) take what is free
        // first, as long as it fits their share: a join comes in two rounds (Kafka's cooperative protocol), and the
        // second must hand the joiner what the first freed for it, not give some of it to a giver that is now as far
        // below its own share.
        List<Node> starved = nodes.values().stream().filter(n -> n.deficit() > n.tolerance()).toList();
        for (int p : free) {
            Node to = weights[p] > 0
                    ? starved.stream().filter(n -> weights[p] <= n.deficit() + n.tolerance())
                            .max(Comparator.comparingDouble(Node::deficit))
                            .orElseGet(() -> nodes.values().stream().max(Comparator.comparingDouble(Node::deficit))
                                    .orElseThrow())
                    : nodes.values().stream().min(Comparator.comparingDouble(n -> n.parts.size() / n.capacity))
                            .orElseThrow();
            to.add(p, weights[p]);
        }
        moveUntilWithinTolerance(nodes, weights);
        Map<String, Set<Integer>> out = new TreeMap<>();
        nodes.forEach((id, n) -> out.put(id, n.parts));
        return out;
    }

    /**
     * Where a node is beyond the promise, moves one partition at a time from a node above its share to one below, the
     * heaviest that keeps both within tolerance of their share; each move lowers the sum of squared deviations, so
     * this ends. Nothing moves while every node keeps the promise: a leaver's heavy partition may put its taker a
     * little over tolerance, and moving a third node's cameras for that would break stickiness.
     */
    private static void moveUntilWithinTolerance(Map<String, Node> nodes, int[] weights) {
        if (nodes.values().stream().allMatch(n -> Math.abs(n.deficit()) <= Math.max(1, PROMISE * n.share))) {
            return;
        }
        while (true) {
            List<Node> low = nodes.values().stream().sorted(Comparator.comparingDouble(n -> -n.deficit())).toList();
            List<Node> high = nodes.values().stream().sorted(Comparator.comparingDouble(Node::deficit)).toList();
            if (low.stream().allMatch(Node::within)) {
                return;
            }
            boolean moved = false;
            search:
            for (Node to : low) {
                for (Node from : high) {
                    if (from == to || (to.within() && from.within())) {
                        continue;
                    }
                    double surplus = -from.deficit();
                    double limit = Math.min(surplus + from.tolerance(), to.deficit() + to.tolerance());
                    int best = -1;
                    for (int p : from.parts) {
                        int w = weights[p];
                        if (w > 0 && w <= limit && w < surplus + to.deficit() && (best < 0 || w > weights[best])) {
                            best = p;
                        }
                    }
                    if (best >= 0) {
                        from.remove(best, weights[best]);
                        to.add(best, weights[best]);
                        moved = true;
                        break search;
                    }
                }
            }
            if (!moved) {
                return;
            }
        }
    }

    private static final class Node {
        final double capacity;
        final double share;
        final Set<Integer> parts = new TreeSet<>();
        long load;

        Node(double capacity, double share) {
            this.capacity = capacity;
            this.share = share;
        }

        void add(int p, int w) {
            parts.add(p);
            load += w;
        }

        void remove(int p, int w) {
            parts.remove(p);
            load -= w;
        }

        double deficit() {
            return share - load;
        }

        double tolerance() {
            return Math.max(1, TOLERANCE * share);
        }

        boolean within() {
            return Math.abs(deficit()) <= tolerance();
        }
    }
}
