package org.streetwatch.daemon.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.daemon.tune.Patch;
import org.streetwatch.daemon.tune.PlaceTuning;
import org.streetwatch.evidence.nearmiss.NearMisses;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.Database;
import org.streetwatch.evidence.tuning.History;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "tune", mixinStandardHelpOptions = true, description = {
        "From the cases reviewers decided and the near misses, per rule and zone: for each candidate value of each",
        "threshold, how many confirmed and rejected cases it would have kept and how many near misses it would add;",
        "the value that reaches the target precision keeping the most confirmed cases; then a YAML patch of camera",
        "or zone `rules` overrides to paste into the config. Reads the database; changes nothing."})
final class TuneCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The daemon's streetwatch.yaml")
    Path config;

    @Option(names = "--rule", paramLabel = "R", description = "Only this rule")
    String rule;

    @Option(names = "--camera", paramLabel = "C", description = "Only this camera")
    String camera;

    @Option(names = "--zone", paramLabel = "Z", description = "Only zones with this id")
    String zone;

    @Option(names = "--target-precision", paramLabel = "P", defaultValue = "0.8",
            description = "Least share of confirmed among the decided cases kept, 0-1 (default: ${DEFAULT-VALUE})")
    double target;

    @Override
    public Integer call() throws Exception {
        if (!(target >= 0 && target <= 1)) {
            throw CommandFailure.usage("--target-precision must be between 0 and 1, not " + target);
        }
        StreetwatchConfig cfg = ConfigLoader.load(config);
        if (rule != null && !cfg.rules().containsKey(rule)) {
            throw CommandFailure.usage("no rule " + rule + " (rules: " + String.join(", ", cfg.rules().keySet()) + ")");
        }
        List<PlaceTuning> places;
        try (Database db = cfg.openDatabase()) {
            var history = History.read(new CaseStore(db), new NearMisses(db, Integer.MAX_VALUE),
                    new History.Filter(rule, camera, zone, null));
            places = PlaceTuning.of(cfg, history, target);
        }
        if (places.isEmpty()) {
            System.out.println("nothing to tune: no decided case or near miss with measurements"
                    + (rule == null && camera == null && zone == null ? "" : " matches"));
            return 0;
        }
        System.out.printf(Locale.ROOT, "target precision %.2f%n%n", target);
        for (PlaceTuning p : places) {
            System.out.println(p.table());
        }
        System.out.print(Patch.yaml(places));
        return 0;
    }
}
