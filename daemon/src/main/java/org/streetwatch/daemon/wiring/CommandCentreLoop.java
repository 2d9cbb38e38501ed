package org.streetwatch.daemon.wiring;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.config.ConfigException;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.detector.analysis.AnalysisStage;
import org.streetwatch.detector.analysis.Scene;
import org.streetwatch.detector.recheck.Recheck;
import org.streetwatch.detector.recheck.Rechecks;
import org.streetwatch.detector.rule.StationaryGroupRule;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.cases.RecheckRecorder;
import org.streetwatch.evidence.cases.Reviews;
import org.streetwatch.evidence.disposition.DispositionConsumer;
import org.streetwatch.evidence.disposition.DispositionRejects;
import org.streetwatch.evidence.disposition.Dispositions;
import org.streetwatch.evidence.disposition.DispositionsConfig;
import org.streetwatch.evidence.store.CaseQuery;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.Database;
import org.streetwatch.evidence.store.StoreException;
import org.streetwatch.review.api.DispositionApi;
import org.streetwatch.review.http.Router;

/**
 * The loop back from the command centre, wired: dispositions in (Kafka consumer, service-token callback), handled
 * cases re-checked on their camera's frames, verdicts written. What it starts is handed to the daemon to close.
 */
final class CommandCentreLoop {

    private static final Logger LOG = LoggerFactory.getLogger(CommandCentreLoop.class);

    private final StreetwatchConfig config;
    private final Database database;
    private final CaseStore store;
    private final Reviews reviews;
    private final Function<String, Scene> scenes;
    private final Consumer<AutoCloseable> closeables;

    CommandCentreLoop(StreetwatchConfig config, Database database, CaseStore store, Reviews reviews,
                      Function<String, Scene> scenes, Consumer<AutoCloseable> closeables) {
        this.config = config;
        this.database = database;
        this.store = store;
        this.reviews = reviews;
        this.scenes = scenes;
        this.closeables = closeables;
    }

    /**
     * What comes back from the command centre: the dispositions topic's consumer (started) and the callback endpoint,
     * each where configured. The service token is read from the environment, never from the config file.
     */
    void dispositions(Router router) throws ConfigException {
        DispositionsConfig.Params d = config.dispositions();
        Dispositions applier = new Dispositions(reviews);
        DispositionsConfig.Kafka k = d.kafka();
        if (!k.bootstrapServers().isEmpty()) {
            DispositionConsumer consumer;
            try {
                consumer = new DispositionConsumer(k.bootstrapServers(), k.topic(), k.group(),
                        Sinks.kafkaClient(config, k.propertiesFile()), applier, new DispositionRejects(database));
            } catch (IOException | RuntimeException e) {
                throw new ConfigException(config.file().toString(), "dispositions.kafka", e.getMessage(), e);
            }
            consumer.start();
            closeables.accept(consumer);
        }
        String env = d.tokenEnv();
        if (!env.isEmpty()) {
            String token = System.getenv(env);
            if (token == null || token.isBlank()) {
                throw new ConfigException(config.file().toString(), "dispositions.token_env",
                        "the environment variable " + env + " is not set");
            }
            new DispositionApi(applier, token).register(router);
        }
    }

    /**
     * Handled cases are re-checked on their camera's frames: each one handled from now on, and those left handled by
     * the last run (the database is the queue). A verdict is written on one {@code recheck-writer} thread, off the
     * analysis thread; its queue holds at most one entry per handled case. A recurrence's new case goes to the case
     * writers from the analysis thread like any violation.
     */
    void rechecks(RecheckRecorder recorder, ProvenanceSink provenance, AnalysisStage analysis) throws StartupException {
        ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "recheck-writer");
            t.setDaemon(true);
            return t;
        });
        closeables.accept(() -> { // verdicts already found are recorded before the database closes
            writer.shutdown();
            writer.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        });
        Rechecks rechecks = new Rechecks(f -> {
            if (!f.gone()) {
                provenance.confirmed(f.standing());
            }
            writer.execute(() -> {
                try {
                    Case c = recorder.record(f.recheck().caseId(), f.stills(), f.gone() ? null : f.standing().id());
                    LOG.info("case {} re-checked: {}", c.id(), c.review().status().key());
                } catch (StoreException | CaseStore.TransitionException | IOException | RuntimeException e) {
                    LOG.error("case {}: the re-check could not be recorded (it runs again at the next start): {}",
                            f.recheck().caseId(), e.getMessage());
                }
            });
        });
        analysis.recheck(rechecks);
        reviews.onChange(c -> {
            if (c.review().status() == CaseStatus.HANDLED) {
                recheck(rechecks, c);
            }
        });
        try {
            for (int page = 0; ; page++) {
                List<Case> handled = store.list(new CaseQuery(CaseStatus.HANDLED, null, null, null, null,
                        CaseQuery.MAX_LIMIT, page * CaseQuery.MAX_LIMIT, true));
                handled.forEach(c -> recheck(rechecks, c));
                if (handled.size() < CaseQuery.MAX_LIMIT) {
                    break;
                }
            }
        } catch (StoreException e) {
            throw new StartupException("cannot read the handled cases to re-check: " + e.getMessage(), e);
        }
    }

    /** Asks for a case's re-check after its rule's {@code recheck_s} in its zone, if its camera and rule have one. */
    private void recheck(Rechecks rechecks, Case c) {
        Scene scene = scenes.apply(c.where().camera());
        Zone zone = scene == null ? null : scene.zones().stream().filter(z -> z.id().equals(c.where().zone()))
                .findFirst().orElse(null);
        if (zone == null || !(scene.ruleParams(c.what().rule(), zone) instanceof StationaryGroupRule.GroupParams p)) {
            LOG.info("case {} handled; not re-checked ({} on camera {} zone {} has no re-check here)", c.id(),
                    c.what().rule(), c.where().camera(), c.where().zone());
            return;
        }
        rechecks.request(new Recheck(c.id(), c.where().camera(), c.what().rule(), c.where().zone(),
                p.common().recheckUs()));
    }
}
