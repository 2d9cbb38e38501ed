package org.streetwatch.evidence.export;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.ConfigException;
import org.streetwatch.config.Settings;
import org.streetwatch.config.Type;
import org.streetwatch.config.Validator;

/** The {@code export} section: which sink confirmed cases go to, its settings, and the exporter's retries. */
public final class ExportConfig {

    public static final String SINK = "sink";
    public static final String ENABLED = "enabled";
    public static final String RETRY_MIN_S = "retry_min_s";
    public static final String RETRY_MAX_S = "retry_max_s";
    public static final String FOLDER = "folder";
    public static final String KAFKA = "kafka";
    public static final String WEBHOOK = "webhook";
    public static final String DIR = "dir";
    public static final String BOOTSTRAP_SERVERS = "bootstrap_servers";
    public static final String TOPIC = "topic";
    public static final String PROPERTIES_FILE = "properties_file";
    public static final String URL = "url";
    public static final String SECRET_ENV = "secret_env";
    public static final String TIMEOUT_S = "timeout_s";

    private static final ConfigDef FOLDER_CONFIG = new ConfigDef()
            .define(DIR, Type.STRING, "", "Folder the command centre collects CASE_ID.pb files from; empty: "
                    + "export/ in the evidence folder");
    private static final ConfigDef KAFKA_CONFIG = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.STRING, "", "host:port[,host:port...] of the command centre's brokers")
            .define(TOPIC, Type.STRING, "streetwatch.cases", Validator.NON_EMPTY, "Topic the cases go to")
            .define(PROPERTIES_FILE, Type.STRING, "",
                    "Kafka client properties file for security settings (SASL, TLS); secrets stay out of this file");
    private static final ConfigDef WEBHOOK_CONFIG = new ConfigDef()
            .define(URL, Type.STRING, "", "http(s):// endpoint that receives a POST per case")
            .define(SECRET_ENV, Type.STRING, "",
                    "Environment variable holding the HMAC key for X-Streetwatch-Signature (empty: unsigned)")
            .define(TIMEOUT_S, Type.DOUBLE, 10.0, Validator.between(1, 300), "Time allowed for one POST");

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(SINK, Type.STRING, "folder", Validator.oneOf("none", "folder", "kafka", "webhook"),
                    "Where confirmed cases go: none, folder (embedded default), kafka or webhook")
            .define(ENABLED, Type.BOOLEAN, true,
                    "Run the exporter on this node (cluster mode: the group picks one node; leave it on everywhere)")
            .define(RETRY_MIN_S, Type.DOUBLE, 1.0, Validator.between(0.1, 3600), "First retry delay after a failure")
            .define(RETRY_MAX_S, Type.DOUBLE, 60.0, Validator.between(0.1, 86_400),
                    "Longest retry delay (doubling, with jitter)")
            .defineNested(FOLDER, Type.OBJECT, FOLDER_CONFIG, "The folder sink")
            .defineNested(KAFKA, Type.OBJECT, KAFKA_CONFIG, "The Kafka sink")
            .defineNested(WEBHOOK, Type.OBJECT, WEBHOOK_CONFIG, "The webhook sink");

    private ExportConfig() {
    }

    /**
     * The section as the exporter and its sink take it.
     *
     * @param sink      none, folder, kafka or webhook
     * @param folderDir the folder sink's folder as written, empty for export/ in the evidence folder
     */
    public record Params(String sink, boolean enabled, Duration retryMin, Duration retryMax, String folderDir,
                         Kafka kafka, Webhook webhook) {

        public static Params of(Settings s) {
            Settings k = s.getObject(KAFKA);
            Settings w = s.getObject(WEBHOOK);
            return new Params(s.getString(SINK), s.getBoolean(ENABLED), millis(s.getDouble(RETRY_MIN_S)),
                    millis(s.getDouble(RETRY_MAX_S)), s.getObject(FOLDER).getString(DIR),
                    new Kafka(k.getString(BOOTSTRAP_SERVERS), k.getString(TOPIC), k.getString(PROPERTIES_FILE)),
                    new Webhook(w.getString(URL), w.getString(SECRET_ENV), millis(w.getDouble(TIMEOUT_S))));
        }
    }

    /** The Kafka sink; {@code propertiesFile} as written (relative to the config file), empty for none. */
    public record Kafka(String bootstrapServers, String topic, String propertiesFile) {
    }

    /** The webhook sink; {@code secretEnv} names the variable holding the HMAC key, empty for unsigned. */
    public record Webhook(String url, String secretEnv, Duration timeout) {
    }

    /**
     * What the chosen sink needs: brokers, a URL, a readable properties file, a set secret variable; {@code base} is
     * the config file's folder.
     */
    public static void validate(Settings s, String file, Path base) throws ConfigException {
        if (s.getDouble(RETRY_MIN_S) > s.getDouble(RETRY_MAX_S)) {
            throw new ConfigException(file, "export." + RETRY_MIN_S, "expected at most " + RETRY_MAX_S);
        }
        switch (s.getString(SINK)) {
            case "kafka" -> {
                Settings k = s.getObject(KAFKA);
                if (k.getString(BOOTSTRAP_SERVERS).isBlank()) {
                    throw new ConfigException(file, "export.kafka." + BOOTSTRAP_SERVERS,
                            "expected host:port of the brokers (export.sink is kafka)");
                }
                requireReadable(file, "export.kafka." + PROPERTIES_FILE, base, k.getString(PROPERTIES_FILE));
            }
            case "webhook" -> {
                Settings w = s.getObject(WEBHOOK);
                String url = w.getString(URL);
                if (!url.startsWith("http://") && !url.startsWith("https://")) {
                    throw new ConfigException(file, "export.webhook." + URL,
                            "expected an http:// or https:// URL (export.sink is webhook)");
                }
                try {
                    new URI(url);
                } catch (URISyntaxException e) {
                    throw new ConfigException(file, "export.webhook." + URL, "expected a valid URL: " + e.getReason());
                }
                String env = w.getString(SECRET_ENV);
                if (!env.isEmpty() && System.getenv(env) == null) {
                    throw new ConfigException(file, "export.webhook." + SECRET_ENV,
                            "the environment variable " + env + " is not set");
                }
            }
            default -> { }
        }
    }

    /** A Kafka client properties file, if one is named ({@code props} not empty), must be readable. */
    public static void requireReadable(String file, String at, Path base, String props) throws ConfigException {
        if (!props.isEmpty() && !Files.isReadable(base.resolve(props))) {
            throw new ConfigException(file, at, "expected a readable file, not " + base.resolve(props));
        }
    }

    private static Duration millis(double seconds) {
        return Duration.ofMillis((long) (seconds * 1000));
    }
}
