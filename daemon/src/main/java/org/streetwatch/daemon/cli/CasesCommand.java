package org.streetwatch.daemon.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.Database;
import org.streetwatch.review.api.CaseJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

@Command(name = "cases", mixinStandardHelpOptions = true,
        description = "Prints the stored cases as JSON lines (id, camera, rule, zone, start, end, status, files), "
                + "oldest first.")
final class CasesCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The daemon's streetwatch.yaml")
    Path config;

    @Override
    public Integer call() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        try (Database db = ConfigLoader.load(config).openDatabase()) {
            new CaseStore(db).forEach(c -> System.out.println(json.writeValueAsString(CaseJson.of(c))));
        }
        return 0;
    }
}
