package org.streetwatch.daemon.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.ConfigException;
import org.streetwatch.config.Settings;
import org.streetwatch.config.Type;
import org.streetwatch.config.Validator;
import org.streetwatch.daemon.config.Schema;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.evidence.export.ExportConfig;

/** The {@code cluster} section, declared and checked here, read into what {@link FleetMember} needs. */
public final class ClusterOptions {

    public static final String ENABLED = "enabled";
    public static final String NODE_ID = "node_id";
    public static final String BOOTSTRAP_SERVERS = "bootstrap_servers";
    public static final String GROUP = "group";
    public static final String TOPIC = "topic";
    public static final String PARTITIONS = "partitions";
    public static final String SESSION_TIMEOUT_S = "session_timeout_s";
    public static final String CAPACITY = "capacity";
    public static final String ADVERTISED_URL = "advertised_url";
    public static final String PROPERTIES_FILE = "properties_file";

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(ENABLED, Type.BOOLEAN, false,
                    "Run as one node of a fleet: cameras and the exporter shared out by a Kafka consumer group")
            .define(NODE_ID, Type.STRING, "", Validator.matches("(" + Schema.ID + ")?", "1-64 letters, digits, '_', "
                    + "'-', '.'"), "This node's name, unique in the fleet; empty: the host name")
            .define(BOOTSTRAP_SERVERS, Type.STRING, "", "host:port[,host:port...] of the fleet's Kafka brokers")
            .define(GROUP, Type.STRING, "streetwatch-fleet", Validator.NON_EMPTY,
                    "Consumer group of the fleet's nodes")
            .define(TOPIC, Type.STRING, "streetwatch.fleet", Validator.NON_EMPTY,
                    "Fleet topic (no records: its partitions carry the cameras); TOPIC.exporter picks the exporter")
            .define(PARTITIONS, Type.INT, 512, Validator.between(1, 10_000),
                    "Partitions of the fleet topic when this node creates it; an existing topic keeps its own")
            .define(SESSION_TIMEOUT_S, Type.DOUBLE, 10.0, Validator.between(6, 1800),
                    "A node not heard from for this long is gone: its cameras move to the others")
            .define(CAPACITY, Type.DOUBLE, 1.0, Validator.between(0.01, 1000),
                    "This node's share of cameras relative to the others' (e.g. 2 for twice the cores)")
            .define(ADVERTISED_URL, Type.STRING, "",
                    "http(s)://host:port other nodes and operators reach this node at; empty: host name and port")
            .define(PROPERTIES_FILE, Type.STRING, "",
                    "Kafka client properties file for security settings (SASL, TLS); secrets stay out of this file");

    private ClusterOptions() {
    }

    /**
     * The section as written; {@code nodeId} and {@code advertisedUrl} empty for the host name's defaults (see
     * {@link StreetwatchConfig#nodeId()}), {@code propertiesFile} relative to the config file, empty for none.
     */
    public record Params(boolean enabled, String nodeId, String bootstrapServers, String group, String topic,
                         int partitions, Duration sessionTimeout, double capacity, String advertisedUrl,
                         String propertiesFile) {

        public static Params of(Settings s) {
            return new Params(s.getBoolean(ENABLED), s.getString(NODE_ID), s.getString(BOOTSTRAP_SERVERS),
                    s.getString(GROUP), s.getString(TOPIC), s.getInt(PARTITIONS),
                    Duration.ofMillis((long) (s.getDouble(SESSION_TIMEOUT_S) * 1000)), s.getDouble(CAPACITY),
                    s.getString(ADVERTISED_URL), s.getString(PROPERTIES_FILE));
        }
    }

    /** A cluster needs its brokers, and a readable client properties file if one is named. */
    public static void validate(Settings s, String file, Path base) throws ConfigException {
        if (!s.getBoolean(ENABLED)) {
            return;
        }
        if (s.getString(BOOTSTRAP_SERVERS).isBlank()) {
            throw new ConfigException(file, "cluster." + BOOTSTRAP_SERVERS,
                    "expected host:port of the fleet's Kafka brokers (cluster.enabled is true)");
        }
        ExportConfig.requireReadable(file, "cluster." + PROPERTIES_FILE, base, s.getString(PROPERTIES_FILE));
    }

    public static FleetMember.Options of(StreetwatchConfig config) throws ConfigException {
        Params c = config.cluster();
        Properties client = new Properties();
        if (!c.propertiesFile().isEmpty()) {
            Path props = config.resolve(c.propertiesFile());
            try (InputStream in = Files.newInputStream(props)) {
                client.load(in);
            } catch (IOException e) {
                throw new ConfigException(config.file().toString(), "cluster." + PROPERTIES_FILE,
                        "cannot read " + props + ": " + e, e);
            }
        }
        return new FleetMember.Options(config.nodeId(), c.bootstrapServers(), c.group(), c.topic(), c.partitions(),
                c.sessionTimeout(), c.capacity(), client);
    }
}
