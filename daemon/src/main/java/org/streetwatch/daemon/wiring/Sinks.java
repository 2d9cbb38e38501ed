package org.streetwatch.daemon.wiring;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.streetwatch.config.Settings;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.evidence.export.CaseSink;
import org.streetwatch.evidence.export.FolderSink;
import org.streetwatch.evidence.export.KafkaSink;
import org.streetwatch.evidence.export.WebhookSink;

/** The export sink the config chooses. */
final class Sinks {

    private Sinks() {
    }

    /** The Kafka client settings (security) of the properties file a {@code kafka} section names, if any. */
    static Properties kafkaClient(StreetwatchConfig config, Settings kafka) throws IOException {
        Properties client = new Properties();
        if (!kafka.getString("properties_file").isEmpty()) {
            Path file = config.resolve(kafka.getString("properties_file"));
            try (InputStream in = Files.newInputStream(file)) {
                client.load(in);
            }
        }
        return client;
    }

    /** The sink, or null for {@code export.sink: none}. */
    static CaseSink open(StreetwatchConfig config) throws IOException {
        Settings ex = config.export();
        switch (ex.getString("sink")) {
            case "folder" -> {
                String dir = ex.getObject("folder").getString("dir");
                return new FolderSink(dir.isEmpty() ? config.evidenceDir().resolve("export") : config.resolve(dir));
            }
            case "kafka" -> {
                Settings k = ex.getObject("kafka");
                return new KafkaSink(k.getString("bootstrap_servers"), k.getString("topic"), kafkaClient(config, k));
            }
            case "webhook" -> {
                Settings w = ex.getObject("webhook");
                String env = w.getString("secret_env");
                byte[] secret = env.isEmpty() ? null : System.getenv(env).getBytes(StandardCharsets.UTF_8);
                return new WebhookSink(URI.create(w.getString("url")), secret,
                        Duration.ofMillis((long) (w.getDouble("timeout_s") * 1000)));
            }
            default -> {
                return null;
            }
        }
    }
}
