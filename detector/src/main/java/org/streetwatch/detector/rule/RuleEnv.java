package org.streetwatch.detector.rule;

import java.util.Map;
import org.streetwatch.detector.inference.Classifier;

/**
 * What rules share across cameras: the rejected violations to keep quiet about, the cargo judges for the muck truck
 * rule (by name; "heuristic" is built in, others are ONNX classifiers named in the config), and the classifiers that
 * label what the stationary-object rules find (by descriptor name, as the config names them).
 */
public record RuleEnv(Suppressions suppressions, Map<String, CargoJudge> cargoJudges,
                      Map<String, Classifier> labelers) {

    public RuleEnv {
        cargoJudges = Map.copyOf(cargoJudges);
        labelers = Map.copyOf(labelers);
    }

    /** Shared state for rules that need nothing beyond the built-ins. */
    public static RuleEnv standalone() {
        return new RuleEnv(new Suppressions(), Map.of(CargoJudge.HEURISTIC, new HeuristicCargoJudge()), Map.of());
    }
}
