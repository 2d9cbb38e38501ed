package org.streetwatch.daemon.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.streetwatch.config.ConfigException;
import org.streetwatch.config.Settings;
import org.streetwatch.daemon.config.StreetwatchConfig;

/** The {@code cluster} section (checked by the config loader) read into what {@link FleetMember} needs. */
public final class ClusterOptions {

    private ClusterOptions() {
    }

    public static FleetMember.Options of(StreetwatchConfig config) throws ConfigException {
        Settings c = config.cluster();
        String file = config.file().toString();
        Properties client = new Properties();
        if (!c.getString("properties_file").isEmpty()) {
            Path props = config.resolve(c.getString("properties_file"));
            try (InputStream in = Files.newInputStream(props)) {
                client.load(in);
            } catch (IOException e) {
                throw new ConfigException(file, "cluster.properties_file", "cannot read " + props + ": " + e, e);
            }
        }
        return new FleetMember.Options(config.nodeId(), c.getString("bootstrap_servers"), c.getString("group"),
                c.getString("topic"), c.getInt("partitions"),
                Duration.ofMillis((long) (c.getDouble("session_timeout_s") * 1000)), c.getDouble("capacity"), client);
    }
}
