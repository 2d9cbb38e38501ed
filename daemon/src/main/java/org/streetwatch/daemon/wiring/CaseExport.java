package org.streetwatch.daemon.wiring;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.function.Consumer;
import org.streetwatch.config.ConfigException;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.evidence.export.CaseReports;
import org.streetwatch.evidence.export.CaseSink;
import org.streetwatch.evidence.export.ExportConfig;
import org.streetwatch.evidence.export.Exporter;
import org.streetwatch.evidence.integrity.Signer;

/** Confirmed cases exported to the command centre by one exporter thread, to the sink the config chooses. */
final class CaseExport {

    private CaseExport() {
    }

    /**
     * The exporter, started (on a cluster idle until the fleet's group names this node) and handed to the daemon to
     * close; null if export is off here.
     */
    static Exporter start(StreetwatchConfig config, CaseStorage storage, PrometheusRegistry registry,
                          Consumer<AutoCloseable> closeables) throws ConfigException {
        ExportConfig.Params ex = config.export();
        if (!ex.enabled()) {
            return null;
        }
        CaseSink sink;
        try {
            sink = Sinks.open(config);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(config.file().toString(), "export", e.getMessage(), e);
        }
        if (sink == null) {
            return null;
        }
        Exporter exporter = new Exporter(storage.reviews(), new CaseReports(storage.folder(),
                Signer.fingerprint(storage.signer().publicKey())), sink, ex.retryMin(), ex.retryMax(), registry);
        if (config.cluster().enabled()) {
            exporter.active(false);
        }
        exporter.start();
        closeables.accept(exporter);
        return exporter;
    }
}
