package org.streetwatch.detector.rule;

import java.util.Map;

/**
 * What rules share across cameras: the rejected violations to keep quiet about, and the cargo judges for the muck
 * truck rule (by name; "heuristic" is built in, others are ONNX classifiers named in the config).
 */
public record RuleEnv(Suppressions suppressions, Map<String, CargoJudge> cargoJudges) {

    public RuleEnv {
        cargoJudges = Map.copyOf(cargoJudges);
    }

    /** Shared state for rules that need nothing beyond the built-ins. */
    public static RuleEnv standalone() {
        return new RuleEnv(new Suppressions(), Map.of(CargoJudge.HEURISTIC, new HeuristicCargoJudge()));
    }
}
