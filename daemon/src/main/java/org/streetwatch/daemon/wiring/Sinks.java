package org.streetwatch.daemon.wiring;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.evidence.export.CaseSink;
import org.streetwatch.evidence.export.ExportConfig;
import org.streetwatch.evidence.export.FolderSink;
import org.streetwatch.evidence.export.KafkaSink;
import org.streetwatch.evidence.export.WebhookSink;

/** The export sink the config chooses. */
final class Sinks {

    private Sinks() {
    }

    /** The Kafka client settings (security) of a {@code properties_file} (relative to the config file), if any. */
    static Properties kafkaClient(StreetwatchConfig config, String propertiesFile) throws IOException {
        Properties client = new Properties();
        if (!propertiesFile.isEmpty()) {
            Path file = config.resolve(propertiesFile);
            try (InputStream in = Files.newInputStream(file)) {
                client.load(in);
            }
        }
        return client;
    }

    /** The sink, or null for {@code export.sink: none}. */
    static CaseSink open(StreetwatchConfig config) throws IOException {
        ExportConfig.Params ex = config.export();
        switch (ex.sink()) {
            case "folder" -> {
                return new FolderSink(ex.folderDir().isEmpty() ? config.evidenceDir().resolve("export")
                        : config.resolve(ex.folderDir()));
            }
            case "kafka" -> {
                ExportConfig.Kafka k = ex.kafka();
                return new KafkaSink(k.bootstrapServers(), k.topic(), kafkaClient(config, k.propertiesFile()));
            }
            case "webhook" -> {
                ExportConfig.Webhook w = ex.webhook();
                byte[] secret = w.secretEnv().isEmpty() ? null
                        : System.getenv(w.secretEnv()).getBytes(StandardCharsets.UTF_8);
                return new WebhookSink(URI.create(w.url()), secret, w.timeout());
            }
            default -> {
                return null;
            }
        }
    }
}
