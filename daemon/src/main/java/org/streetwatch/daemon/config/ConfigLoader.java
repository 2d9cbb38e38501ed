package org.streetwatch.daemon.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.ConfigException;
import org.streetwatch.config.Settings;
import org.streetwatch.config.YamlFiles;
import org.streetwatch.detector.rule.RuleType;
import org.streetwatch.detector.rule.Rules;
import org.streetwatch.detector.track.Tracker;
import org.streetwatch.detector.zone.Polygon;
import org.streetwatch.detector.zone.Schedule;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.redact.SafeUrl;
import org.streetwatch.violation.ZoneType;

/**
 * Reads and validates streetwatch.yaml: the schema's types and ranges first, then what spans several keys (unique ids,
 * schedules, time zones, files that must exist). Every problem is one {@link ConfigException} line naming the file and
 * the path.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /** A cluster needs its brokers, and a readable client properties file if one is named. */
    private static void checkCluster(String name, Settings c, Path base) throws ConfigException {
        if (!c.getBoolean("enabled")) {
            return;
        }
        if (c.getString("bootstrap_servers").isBlank()) {
            throw new ConfigException(name, "cluster.bootstrap_servers",
                    "expected host:port of the fleet's Kafka brokers (cluster.enabled is true)");
        }
        String props = c.getString("properties_file");
        if (!props.isEmpty() && !Files.isReadable(base.resolve(props))) {
            throw new ConfigException(name, "cluster.properties_file", "expected a readable file, not "
                    + base.resolve(props));
        }
    }

    /** What the chosen export sink needs: brokers, a URL, a readable properties file, a set secret variable. */
    private static void checkExport(String name, Settings ex, Path base) throws ConfigException {
        if (ex.getDouble("retry_min_s") > ex.getDouble("retry_max_s")) {
            throw new ConfigException(name, "export.retry_min_s", "expected at most retry_max_s");
        }
        switch (ex.getString("sink")) {
            case "kafka" -> {
                Settings k = ex.getObject("kafka");
                if (k.getString("bootstrap_servers").isBlank()) {
                    throw new ConfigException(name, "export.kafka.bootstrap_servers",
                            "expected host:port of the brokers (export.sink is kafka)");
                }
                String props = k.getString("properties_file");
                if (!props.isEmpty() && !Files.isReadable(base.resolve(props))) {
                    throw new ConfigException(name, "export.kafka.properties_file", "expected a readable file, not "
                            + base.resolve(props));
                }
            }
            case "webhook" -> {
                Settings w = ex.getObject("webhook");
                String url = w.getString("url");
                if (!url.startsWith("http://") && !url.startsWith("https://")) {
                    throw new ConfigException(name, "export.webhook.url",
                            "expected an http:// or https:// URL (export.sink is webhook)");
                }
                try {
                    new URI(url);
                } catch (URISyntaxException e) {
                    throw new ConfigException(name, "export.webhook.url", "expected a valid URL: " + e.getReason());
                }
                String env = w.getString("secret_env");
                if (!env.isEmpty() && System.getenv(env) == null) {
                    throw new ConfigException(name, "export.webhook.secret_env",
                            "the environment variable " + env + " is not set");
                }
            }
            default -> { }
        }
    }

    public static StreetwatchConfig load(Path file) throws ConfigException {
        List<RuleType<?>> types = Rules.ALL;
        ConfigDef root = Schema.root(types);
        String name = file.toString();
        Settings s = root.parse(YamlFiles.read(file), name, "");
        ZoneId tz;
        try {
            tz = ZoneId.of(s.getObject("evidence").getString("time_zone"));
        } catch (DateTimeException e) {
            throw new ConfigException(name, "evidence.time_zone", "expected a time zone such as Asia/Shanghai");
        }
        Settings ingest = s.getObject("ingest");
        if (ingest.getDouble("reconnect_min_s") > ingest.getDouble("reconnect_max_s")) {
            throw new ConfigException(name, "ingest.reconnect_min_s", "expected at most reconnect_max_s");
        }
        String pwEnv = s.getObject("evidence").getString("database_password_env");
        if (!pwEnv.isEmpty() && System.getenv(pwEnv) == null) {
            throw new ConfigException(name, "evidence.database_password_env",
                    "the environment variable " + pwEnv + " is not set");
        }
        checkExport(name, s.getObject("export"), file.toAbsolutePath().getParent());
        checkCluster(name, s.getObject("cluster"), file.toAbsolutePath().getParent());
        Map<String, Settings> rules = new LinkedHashMap<>();
        for (RuleType t : types) {
            rules.put(t.name(), s.getObject("rules").getObject(t.name()));
        }
        List<StreetwatchConfig.CameraConfig> cameras = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<Settings> cams = s.getObjectList("cameras");
        Path base = file.toAbsolutePath().getParent();
        for (int i = 0; i < cams.size(); i++) {
            Settings c = cams.get(i);
            String at = "cameras[" + i + "]";
            if (!ids.add(c.getString("id"))) {
                throw new ConfigException(name, at + ".id", "expected a unique camera id; '" + c.getString("id")
                        + "' is used twice");
            }
            for (String key : new String[] {"url", "detect_url", "record_url"}) {
                if (c.getString(key) != null) {
                    SafeUrl.remember(c.getString(key));
                    checkUrl(name, at + "." + key, c.getString(key), base);
                }
            }
            Long start = null;
            if (c.getString("start_time") != null) {
                try {
                    start = OffsetDateTime.parse(c.getString("start_time")).toInstant().toEpochMilli();
                } catch (DateTimeParseException e) {
                    throw new ConfigException(name, at + ".start_time",
                            "expected an ISO-8601 time with offset, e.g. 2026-11-27T20:00:00+08:00");
                }
            }
            Rules.validate(rules, c.getObject("rules"), zones(name, at, c, tz), name, at);
            double interval = c.get("sample_interval_s") != null ? c.getDouble("sample_interval_s")
                    : ingest.getDouble("sample_interval_s");
            cameras.add(new StreetwatchConfig.CameraConfig(c.getString("id"), absolute(c.getString("url"), base),
                    absolute(c.getString("detect_url"), base), absolute(c.getString("record_url"), base),
                    c.getString("place"), interval, start, zones(name, at, c, tz), c.getObject("rules"),
                    c.getString("district"), c.get("sample_interval_s") != null));
        }
        return new StreetwatchConfig(file, s, rules, Tracker.Params.of(s.getObject("tracker")), List.copyOf(cameras), tz);
    }

    private static List<Zone> zones(String file, String at, Settings camera, ZoneId tz) throws ConfigException {
        List<Zone> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<Settings> zs = camera.getObjectList("zones");
        for (int j = 0; j < zs.size(); j++) {
            Settings z = zs.get(j);
            String zat = at + ".zones[" + j + "]";
            if (!ids.add(z.getString("id"))) {
                throw new ConfigException(file, zat + ".id", "expected a zone id unique within the camera; '"
                        + z.getString("id") + "' is used twice");
            }
            List<Schedule.Window> windows = new ArrayList<>();
            List<Settings> sched = z.getObjectList("schedule");
            for (int k = 0; k < sched.size(); k++) {
                Settings w = sched.get(k);
                windows.add(new Schedule.Window(Schedule.days(w.getString("days")), time(w.getString("from")),
                        time(w.getString("to"))));
            }
            Map<String, Settings> overrides = new LinkedHashMap<>();
            Settings r = z.getObject("rules");
            for (String rule : r.keys()) {
                overrides.put(rule, r.getObject(rule));
            }
            String place = z.getString("place") != null ? z.getString("place") : camera.getString("place");
            Number lon = (Number) z.get("longitude");
            Number lat = (Number) z.get("latitude");
            if ((lon == null) != (lat == null)) {
                throw new ConfigException(file, zat + (lon != null ? ".latitude" : ".longitude"),
                        "a zone's position needs both longitude and latitude");
            }
            out.add(new Zone(z.getString("id"), ZoneType.of(z.getString("type")), new Polygon(z.getPoints("polygon")),
                    place, z.getString("unit"), windows.isEmpty() ? Schedule.ALWAYS : new Schedule(tz, windows),
                    overrides, z.getString("grid"), lon == null ? null : lon.doubleValue(),
                    lat == null ? null : lat.doubleValue(), z.get("motion_threshold") == null ? null
                    : z.getDouble("motion_threshold")));
        }
        return List.copyOf(out);
    }

    private static LocalTime time(String hhmm) {
        return hhmm.equals("24:00") ? LocalTime.MAX : LocalTime.parse(hhmm);
    }

    private static void checkUrl(String file, String at, String url, Path base) throws ConfigException {
        if (SafeUrl.isFile(url)) {
            Path p = Path.of(SafeUrl.filePath(url));
            if (!p.isAbsolute() && base != null) {
                p = base.resolve(p);
            }
            if (!Files.isRegularFile(p)) {
                throw new ConfigException(file, at, "no such video file: " + SafeUrl.redactUrl(p.toString()));
            }
            return;
        }
        try {
            URI u = new URI(url);
            if (u.getHost() == null || !(u.getScheme().equalsIgnoreCase("rtsp") || u.getScheme().equalsIgnoreCase("rtsps")
                    || u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https"))) {
                throw new URISyntaxException(url, "scheme and host");
            }
        } catch (URISyntaxException e) {
            throw new ConfigException(file, at, "expected rtsp://host[:port]/path or a video file, got "
                    + SafeUrl.redactUrl(url));
        }
    }

    private static String absolute(String url, Path base) {
        if (url == null || !SafeUrl.isFile(url)) {
            return url;
        }
        Path p = Path.of(SafeUrl.filePath(url));
        return (p.isAbsolute() || base == null ? p : base.resolve(p)).normalize().toString();
    }
}
