package org.streetwatch.evidence.tuning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * For each threshold of a rule in one zone, what each candidate value would have done to the history: how many
 * confirmed and rejected cases it would have kept and how many near misses it would have added; and the value that
 * meets a target precision while keeping the most confirmed cases.
 *
 * <p>A threshold is a numeric setting the rule asks at least of a measurement of the same name. A case or near miss
 * passes a candidate value of one threshold if its measurement reaches that value and its other measured thresholds
 * reach their values in force (a near miss that fell short of another threshold is not added by lowering this one,
 * nor one that fell short of none: a wet patch nobody can be blamed for stays a near miss at any threshold).
 * Candidate values are the measured values themselves and the value in force: between two measured values nothing
 * changes.
 */
public final class Tuning {

    /** A decided case: confirmed (or exported) by a reviewer, or rejected; and what its rule measured. */
    public record Decided(boolean confirmed, Map<String, Double> measured) {
    }

    /**
     * What one value of a threshold would have kept.
     *
     * @param nearMisses near misses it would have added (cases nobody has decided: the page shows them apart)
     */
    public record Row(double value, int confirmed, int rejected, int nearMisses) {

        /** Confirmed share of the decided cases kept; NaN if it keeps none. */
        public double precision() {
            return confirmed + rejected == 0 ? Double.NaN : (double) confirmed / (confirmed + rejected);
        }
    }

    /**
     * One threshold's table, lowest value first.
     *
     * @param integral whether the setting takes whole numbers (how the patch writes it)
     * @param pick     the value to use, or null if no value reaches the target precision
     */
    public record Result(String setting, double current, boolean integral, List<Row> rows, Row pick) {

        /** Whether the pick differs from the value in force. */
        public boolean changes() {
            return pick != null && pick.value() != current;
        }
    }

    private Tuning() {
    }

    /**
     * @param inForce    the rule's settings in force in the zone (non-numeric ones are ignored)
     * @param decided    the zone's decided cases
     * @param nearMisses the zone's near misses' measurements
     * @param target     the least precision (confirmed share of the decided cases kept) a pick must reach, 0-1
     * @return one result per threshold measured by at least one case or near miss, in setting order
     */
    public static List<Result> tune(Map<String, Object> inForce, List<Decided> decided,
                                    List<Map<String, Double>> nearMisses, double target) {
        Map<String, Double> thresholds = new java.util.TreeMap<>();
        inForce.forEach((k, v) -> {
            if (v instanceof Number n && !(v instanceof Boolean)) {
                thresholds.put(k, n.doubleValue());
            }
        });
        List<Result> out = new ArrayList<>();
        for (Map.Entry<String, Double> t : thresholds.entrySet()) {
            String setting = t.getKey();
            boolean measured = decided.stream().anyMatch(d -> d.measured().containsKey(setting))
                    || nearMisses.stream().anyMatch(m -> m.containsKey(setting));
            if (measured) {
                boolean integral = inForce.get(setting) instanceof Integer || inForce.get(setting) instanceof Long;
                out.add(tune(setting, t.getValue(), integral, thresholds, decided, nearMisses, target));
            }
        }
        return out;
    }

    private static Result tune(String setting, double current, boolean integral, Map<String, Double> thresholds,
                               List<Decided> decided, List<Map<String, Double>> nearMisses, double target) {
        TreeSet<Double> values = new TreeSet<>();
        values.add(current);
        decided.stream().map(Decided::measured).filter(m -> othersPass(m, setting, thresholds))
                .map(m -> m.get(setting)).filter(java.util.Objects::nonNull).forEach(values::add);
        nearMisses.stream().filter(m -> othersPass(m, setting, thresholds))
                .map(m -> m.get(setting)).filter(java.util.Objects::nonNull).forEach(values::add);
        List<Row> rows = new ArrayList<>();
        for (double v : values) {
            int confirmed = 0;
            int rejected = 0;
            for (Decided d : decided) {
                if (passes(d.measured(), setting, v, thresholds)) {
                    if (d.confirmed()) {
                        confirmed++;
                    } else {
                        rejected++;
                    }
                }
            }
            int added = 0;
            for (Map<String, Double> m : nearMisses) {
                if (passes(m, setting, v, thresholds) && m.get(setting) < current) {
                    added++;
                }
            }
            rows.add(new Row(v, confirmed, rejected, added));
        }
        Row pick = rows.stream().filter(r -> r.precision() >= target)
                .min(Comparator.comparingInt((Row r) -> -r.confirmed()).thenComparingInt(Row::rejected)
                        .thenComparingDouble(r -> Math.abs(r.value() - current)))
                .orElse(null);
        return new Result(setting, current, integral, List.copyOf(rows), pick);
    }

    /** Whether the measurements reach {@code value} for the setting and the value in force for every other one. */
    private static boolean passes(Map<String, Double> m, String setting, double value, Map<String, Double> thresholds) {
        Double own = m.get(setting);
        return own != null && own >= value && othersPass(m, setting, thresholds);
    }

    private static boolean othersPass(Map<String, Double> m, String setting, Map<String, Double> thresholds) {
        for (Map.Entry<String, Double> e : m.entrySet()) {
            Double inForce = thresholds.get(e.getKey());
            if (!e.getKey().equals(setting) && inForce != null && e.getValue() < inForce) {
                return false;
            }
        }
        return true;
    }
}
