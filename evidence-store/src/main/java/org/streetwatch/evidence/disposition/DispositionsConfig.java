package org.streetwatch.evidence.disposition;

import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.Settings;
import org.streetwatch.config.Type;
import org.streetwatch.config.Validator;

/** The {@code dispositions} section: where the command centre's dispositions come from. */
public final class DispositionsConfig {

    public static final String TOKEN_ENV = "token_env";
    public static final String KAFKA = "kafka";
    public static final String BOOTSTRAP_SERVERS = "bootstrap_servers";
    public static final String TOPIC = "topic";
    public static final String GROUP = "group";
    public static final String PROPERTIES_FILE = "properties_file";

    private static final ConfigDef KAFKA_CONFIG = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.STRING, "",
                    "host:port[,host:port...] of the brokers the dispositions come from (empty: not read)")
            .define(TOPIC, Type.STRING, "streetwatch.dispositions", Validator.NON_EMPTY,
                    "Topic of streetwatch.v1.Disposition records")
            .define(GROUP, Type.STRING, "streetwatch", Validator.NON_EMPTY,
                    "Consumer group (nodes sharing a database share it, so each record is applied by one)")
            .define(PROPERTIES_FILE, Type.STRING, "",
                    "Kafka client properties file for security settings (SASL, TLS); secrets stay out of this file");

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(TOKEN_ENV, Type.STRING, "",
                    "Environment variable holding the service token of POST /api/dispositions (empty: no callback)")
            .defineNested(KAFKA, Type.OBJECT, KAFKA_CONFIG, "Dispositions read from Kafka");

    private DispositionsConfig() {
    }

    /**
     * The section as the consumer and the callback take it.
     *
     * @param tokenEnv the variable holding the callback's service token, empty for no callback
     */
    public record Params(String tokenEnv, Kafka kafka) {

        public static Params of(Settings s) {
            Settings k = s.getObject(KAFKA);
            return new Params(s.getString(TOKEN_ENV), new Kafka(k.getString(BOOTSTRAP_SERVERS), k.getString(TOPIC),
                    k.getString(GROUP), k.getString(PROPERTIES_FILE)));
        }
    }

    /** The dispositions topic; empty {@code bootstrapServers}: not read. */
    public record Kafka(String bootstrapServers, String topic, String group, String propertiesFile) {
    }
}
