package org.streetwatch.daemon.wiring;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.streetwatch.config.ConfigException;
import org.streetwatch.detector.DetectorConfig;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.detector.inference.Classifier;
import org.streetwatch.detector.inference.Detector;
import org.streetwatch.detector.model.ModelCatalog;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.detector.model.ModelException;
import org.streetwatch.detector.rule.CargoJudge;
import org.streetwatch.detector.rule.HeuristicCargoJudge;
import org.streetwatch.detector.rule.OnnxCargoJudge;
import org.streetwatch.detector.rule.RuleEnv;
import org.streetwatch.detector.rule.RuleType;
import org.streetwatch.detector.rule.StationaryObjectRule;
import org.streetwatch.detector.rule.Suppressions;
import org.streetwatch.detector.rule.UncoveredMuckTruckRule;

/**
 * The models the config names, opened and handed to the daemon to close: the detector, and the rules' shared state
 * (rejected violations, cargo judges, the stationary-object rules' labelers). A model that does not load is its
 * setting's {@link ConfigException}.
 */
record Inference(Detector detector, ModelDescriptor descriptor, RuleEnv ruleEnv) {

    static Inference open(StreetwatchConfig config, Suppressions suppressions, Consumer<AutoCloseable> closeables)
            throws ConfigException {
        DetectorConfig.Params det = config.detector();
        ModelDescriptor descriptor;
        Detector detector;
        try {
            ModelCatalog catalog = new ModelCatalog(config.modelDirs());
            descriptor = catalog.descriptor(det.model());
            Path weights = catalog.weights(descriptor);
            detector = Detector.open(descriptor, weights, det.options(config.tracker().lowScore()));
        } catch (ModelException e) {
            throw new ConfigException(config.file().toString(), "detector.model", e.getMessage(), e);
        }
        closeables.accept(detector);
        return new Inference(detector, descriptor, ruleEnv(config, suppressions, closeables));
    }

    /** Cargo judges (the heuristic and the classifiers named) and the labelers of what stationary objects are. */
    private static RuleEnv ruleEnv(StreetwatchConfig config, Suppressions suppressions,
                                   Consumer<AutoCloseable> closeables) throws ConfigException {
        Map<String, CargoJudge> judges = new HashMap<>();
        judges.put(CargoJudge.HEURISTIC, new HeuristicCargoJudge());
        ModelCatalog catalog = new ModelCatalog(config.modelDirs());
        String file = config.file().toString();
        for (String name : config.cargoModels()) {
            judges.put(name, open(catalog, name, file, "rules." + UncoveredMuckTruckRule.NAME + ".judge",
                    OnnxCargoJudge::open, closeables));
        }
        Map<String, Classifier> labelers = new HashMap<>();
        for (RuleType<StationaryObjectRule.Params> rule : List.of(StationaryObjectRule.STORAGE,
                StationaryObjectRule.HANGING)) {
            for (String name : config.named(rule, StationaryObjectRule.Params::labeler)) {
                if (!labelers.containsKey(name)) {
                    labelers.put(name, open(catalog, name, file, "rules." + rule.name() + ".labeler",
                            Classifier::open, closeables));
                }
            }
        }
        return new RuleEnv(suppressions, judges, labelers);
    }

    /** How a model named in the config is opened from its descriptor and checked weights. */
    private interface ModelOpener<T extends AutoCloseable> {
        T open(ModelDescriptor d, Path weights) throws ModelException;
    }

    /** Opens the model a setting names, closed with the daemon: a missing or mismatched model is that setting's error. */
    private static <T extends AutoCloseable> T open(ModelCatalog catalog, String name, String file, String setting,
                                                    ModelOpener<T> opener, Consumer<AutoCloseable> closeables)
            throws ConfigException {
        try {
            ModelDescriptor d = catalog.descriptor(name);
            T model = opener.open(d, catalog.weights(d));
            closeables.accept(model);
            return model;
        } catch (ModelException e) {
            throw new ConfigException(file, setting, e.getMessage(), e);
        }
    }
}
