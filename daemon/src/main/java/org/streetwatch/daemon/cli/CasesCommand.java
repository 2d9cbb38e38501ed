package org.streetwatch.daemon.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.evidence.api.CasesApi;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.store.CaseQuery;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

@Command(name = "cases", mixinStandardHelpOptions = true,
        description = "Prints the stored cases as JSON lines (id, camera, rule, zone, start, end, status, files), "
                + "newest first.")
final class CasesCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The daemon's streetwatch.yaml")
    Path config;

    @Override
    public Integer call() throws Exception {
        StreetwatchConfig cfg = ConfigLoader.load(config);
        String pwEnv = cfg.evidence().getString("database_password_env");
        JsonMapper json = JsonMapper.builder().build();
        try (Database db = Database.open(cfg.databaseUrl(), cfg.evidence().getString("database_user"),
                pwEnv.isEmpty() ? null : System.getenv(pwEnv))) {
            CaseStore store = new CaseStore(db);
            int offset = 0;
            while (true) {
                List<Case> page = store.list(new CaseQuery(null, null, null, null, null, CaseQuery.MAX_LIMIT, offset));
                for (Case c : page) {
                    System.out.println(json.writeValueAsString(CasesApi.json(c)));
                }
                if (page.size() < CaseQuery.MAX_LIMIT) {
                    break;
                }
                offset += page.size();
            }
        }
        return 0;
    }
}
