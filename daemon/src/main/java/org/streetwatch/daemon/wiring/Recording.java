package org.streetwatch.daemon.wiring;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.streetwatch.evidence.cases.CaseRecorder;
import org.streetwatch.evidence.cases.EvidenceMetrics;
import org.streetwatch.evidence.nearmiss.NearMisses;
import org.streetwatch.evidence.retention.Retention;
import org.streetwatch.evidence.store.EvidenceConfig;
import org.streetwatch.evidence.store.StoreException;
import org.streetwatch.ingest.camera.CameraFleet;

/**
 * Cases and near misses written, clips cut from the cameras' rings on one {@code clip-remux} thread; cases a crash
 * left half-written recovered first. What it starts is handed to the daemon to close.
 */
record Recording(CaseRecorder recorder, NearMisses nearMisses) {

    /** How often retention looks for evidence to remove. */
    static final Duration RETENTION_INTERVAL = Duration.ofHours(1);

    static Recording start(EvidenceConfig.Params evidence, CaseStorage storage, CameraFleet cameras,
                           UnaryOperator<String> districtOf, PrometheusRegistry registry,
                           Consumer<AutoCloseable> closeables) throws StartupException {
        ExecutorService remux = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "clip-remux");
            t.setDaemon(true);
            return t;
        });
        closeables.accept(remux::shutdown);
        EvidenceMetrics metrics = new EvidenceMetrics(registry, storage.folder()::usableBytes);
        NearMisses nearMisses = new NearMisses(storage.database(), evidence.nearMissesKept());
        CaseRecorder recorder = new CaseRecorder(storage.folder(), storage.store(), storage.signer(),
                storage.caseLog(), new RingClips(cameras, remux), new CaseRecorder.Options(evidence.preRollUs(),
                evidence.postRollUs(), evidence.minFreeBytes(), evidence.timeZone()), metrics, districtOf, nearMisses);
        closeables.accept(recorder);
        try {
            recorder.recover();
        } catch (StoreException | IOException e) {
            throw new StartupException("cannot recover cases left by the last run: " + e.getMessage(), e);
        }
        return new Recording(recorder, nearMisses);
    }

    /** Retention of reviewed cases' files and old near misses, started on its own thread (handed over to close). */
    void retain(EvidenceConfig.Params evidence, CaseStorage storage, PrometheusRegistry registry,
                Consumer<AutoCloseable> closeables) {
        Retention retention = new Retention(storage.store(), storage.folder(), storage.caseLog(), nearMisses,
                new Retention.Policy(evidence.retentionMaxAge(), evidence.budgetBytes()), registry);
        retention.start(RETENTION_INTERVAL);
        closeables.accept(retention);
    }
}
