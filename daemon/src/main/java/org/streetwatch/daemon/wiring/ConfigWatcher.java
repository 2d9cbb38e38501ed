package org.streetwatch.daemon.wiring;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.config.ConfigException;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.daemon.config.StreetwatchConfig;

/**
 * Watches the config file and applies a changed, valid version without a restart. Polls the file's contents (editors
 * replace files rather than write them in place, which file-system events report unreliably). A change is applied
 * once two polls in a row read the same bytes: a file caught half written (a tool writing it in place, in pieces) can
 * be valid YAML that lacks the cameras below the cut, and applying it would stop them. An invalid change is refused
 * with one log line and the running config stays; fixing the file applies it.
 */
final class ConfigWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);
    private static final int UNSETTLED_WARN = 10;

    private final Path file;
    private final Consumer<StreetwatchConfig> apply;
    private final Counter reloads;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "config-watcher");
        t.setDaemon(true);
        return t;
    });
    /** The bytes the running config was loaded from. */
    private byte[] seen;
    /** A change read at the last poll, applied if this poll reads it again. */
    private byte[] pending;
    /** Polls in a row that read a file different from the last one. */
    private int unsettled;

    ConfigWatcher(Path file, byte[] loaded, Consumer<StreetwatchConfig> apply, PrometheusRegistry registry) {
        this.file = file;
        this.seen = loaded;
        this.apply = apply;
        this.reloads = Counter.builder().name("streetwatch_config_reloads_total")
                .help("Changes of the config file seen, by result: applied or refused (invalid)")
                .labelNames("result").register(registry);
    }

    void start(Duration interval) {
        timer.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void poll() {
        byte[] now;
        try {
            now = Files.readAllBytes(file);
        } catch (IOException e) {
            return; // being replaced; the next poll sees the new file
        }
        if (Arrays.equals(now, seen)) {
            pending = null;
            unsettled = 0;
            return;
        }
        if (!Arrays.equals(now, pending)) {
            pending = now; // still being written, perhaps: applied when the next poll reads the same
            if (++unsettled == UNSETTLED_WARN) {
                LOG.warn("config: {} changed at each of the last {} polls; a change is applied once the file stays "
                        + "the same between two polls", file, UNSETTLED_WARN);
            }
            return;
        }
        seen = now;
        pending = null;
        unsettled = 0;
        try {
            StreetwatchConfig next = ConfigLoader.load(file, now); // the bytes compared, not a third read
            apply.accept(next);
            reloads.labelValues("applied").inc();
        } catch (ConfigException e) {
            reloads.labelValues("refused").inc();
            LOG.error("config change refused, the running config stays: {}", e.getMessage());
        } catch (RuntimeException e) {
            reloads.labelValues("refused").inc();
            LOG.error("config change could not be applied: {}", e.toString(), e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
