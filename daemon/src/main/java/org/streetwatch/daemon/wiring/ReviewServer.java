package org.streetwatch.daemon.wiring;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.config.ConfigException;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.daemon.fleet.FleetRows;
import org.streetwatch.daemon.fleet.FleetView;
import org.streetwatch.daemon.tune.TuningApi;
import org.streetwatch.daemon.wall.CameraWall;
import org.streetwatch.daemon.wall.ConfigEdits;
import org.streetwatch.daemon.wall.ZoneEditor;
import org.streetwatch.detector.aim.Condition;
import org.streetwatch.evidence.export.Exporter;
import org.streetwatch.evidence.store.StoreException;
import org.streetwatch.review.api.Access;
import org.streetwatch.review.api.CaseFolders;
import org.streetwatch.review.api.ReviewApi;
import org.streetwatch.review.auth.Role;
import org.streetwatch.review.auth.Sessions;
import org.streetwatch.review.auth.Users;
import org.streetwatch.review.http.HttpConfig;
import org.streetwatch.review.http.HttpServer;
import org.streetwatch.review.http.Response;
import org.streetwatch.review.http.Router;

/**
 * The HTTP server, started and handed to the daemon to close: the review page and its API, the camera wall, zone
 * editor and tuning pages, the fleet, the command centre's callback, metrics and health.
 *
 * @param port the port it listens on (the configured one, or the free one it got for 0)
 */
record ReviewServer(HttpServer server, int port) {

    private static final Logger LOG = LoggerFactory.getLogger(ReviewServer.class);

    /** The fleet's nodes as {@code /api/fleet} lists them. */
    interface Nodes {
        List<FleetRows.Node> get() throws StoreException;
    }

    /** What the pages show besides the cases: the running parts, read when a page asks. */
    record Sources(Supplier<StreetwatchConfig> config, Ingest ingest, Analysis analysis, Recording recording,
                   Exporter exporter, CaseFolders folders, Nodes nodes, Supplier<Map<String, Condition>> aims) {
    }

    static ReviewServer start(StreetwatchConfig config, CaseStorage storage, Sources from, CommandCentreLoop loop,
                              PrometheusRegistry registry, Consumer<AutoCloseable> closeables)
            throws StartupException, ConfigException {
        Users users = new Users(storage.database());
        Sessions sessions = new Sessions(users, config.review().sessionIdle().toMillis(),
                config.review().sessionMax().toMillis());
        try {
            if (users.list().isEmpty()) {
                LOG.warn("no review page users yet: add one with 'streetwatch users add NAME --role "
                        + "reviewer --config {}'", config.file());
            }
        } catch (StoreException e) {
            throw new StartupException(e.getMessage(), e);
        }
        HttpConfig.Params http = config.http();
        Router router = new Router();
        ReviewApi.register(router, storage.reviews(), from.folders(), users, sessions, http.secureCookies(),
                from.exporter(), from.recording().nearMisses());
        loop.dispositions(router);
        Access access = new Access(sessions, http.secureCookies());
        new CameraWall(from.config(), from.ingest().metrics(), from.analysis().pictures(), storage.store(),
                from.aims()).register(router, access);
        // one edit at a time, whichever page
        ConfigEdits edits = new ConfigEdits(config.file(), storage.caseLog(), storage.configChanges());
        new ZoneEditor(from.config(), edits, from.analysis().pictures(), from.analysis().recentTracks())
                .register(router, access);
        new TuningApi(from.config(), storage.store(), from.recording().nearMisses(), edits).register(router, access);
        router.get("/api/fleet", access.require(Role.OPERATOR, (r, session) -> Response.json(FleetView.of(
                from.nodes().get(), from.config().get(), session::sees, System.currentTimeMillis()))));
        router.get("/metrics", new MetricsRoute(registry));
        router.get("/healthz", r -> Response.json(Map.of("status", "ok")));
        HttpServer server = new HttpServer(router, http.limits());
        int port;
        try {
            port = server.start(http.bind(), http.port());
        } catch (IOException e) {
            throw new StartupException(config.file() + ": http: " + e.getMessage(), e);
        }
        closeables.accept(server);
        return new ReviewServer(server, port);
    }
}
