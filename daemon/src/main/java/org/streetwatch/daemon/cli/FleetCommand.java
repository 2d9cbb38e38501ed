package org.streetwatch.daemon.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.daemon.fleet.FleetRows;
import org.streetwatch.daemon.fleet.FleetView;
import org.streetwatch.evidence.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = "Prints the fleet as JSON: every node (id, address, cameras assigned and up, frames analysed "
                + "per second, frames dropped, inference ms, last heartbeat) and the cameras no live node runs or "
                + "that are down.")
final class FleetCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The nodes' streetwatch.yaml")
    Path config;

    @Override
    public Integer call() throws Exception {
        StreetwatchConfig cfg = ConfigLoader.load(config);
        if (!cfg.cluster().enabled()) {
            throw new CommandFailure(config + ": cluster.enabled is false: one node runs every camera");
        }
        try (Database db = cfg.inspectDatabase()) {
            System.out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(
                    FleetView.of(new FleetRows(db).nodes(), cfg, district -> true, System.currentTimeMillis())));
        }
        return 0;
    }
}
