package org.streetwatch.daemon.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.ConfigException;
import org.streetwatch.config.Settings;
import org.streetwatch.config.Type;
import org.streetwatch.config.Validator;
import org.streetwatch.detector.rule.RuleType;
import org.streetwatch.ingest.camera.IngestConfig;
import org.streetwatch.redact.SafeUrl;
import org.streetwatch.review.auth.Users;

/** The {@code cameras} entries: keys, definition, and each entry read into a {@link StreetwatchConfig.CameraConfig}. */
final class CameraSection {

    static final String ID = "id";
    static final String URL = "url";
    static final String DETECT_URL = "detect_url";
    static final String RECORD_URL = "record_url";
    static final String PLACE = "place";
    static final String DISTRICT = "district";
    static final String SAMPLE_INTERVAL_S = IngestConfig.SAMPLE_INTERVAL_S;
    static final String START_TIME = "start_time";
    static final String ZONES = "zones";
    static final String RULES = "rules";

    private CameraSection() {
    }

    static ConfigDef config(List<RuleType<?>> types) {
        return new ConfigDef()
                .define(ID, Type.STRING, ConfigDef.REQUIRED, Schema.ID_VALIDATOR, "Camera id, unique")
                .define(URL, Type.STRING, ConfigDef.REQUIRED, Validator.NON_EMPTY,
                        "rtsp://... stream, or a local video file (played in a loop, or once with --until-eof)")
                .define(DETECT_URL, Type.STRING, ConfigDef.OPTIONAL,
                        "Sub-stream analysed instead of url (url is then recorded for clips)")
                .define(RECORD_URL, Type.STRING, ConfigDef.OPTIONAL, "Main stream recorded for clips instead of url")
                .define(PLACE, Type.STRING, ConfigDef.OPTIONAL, "Where the camera is; zones inherit it")
                .define(DISTRICT, Type.STRING, "main", Validator.matches(Users.DISTRICT.pattern(),
                                "1-64 letters (any script), digits, '_', '-', '.'"),
                        "District (街道 / 中队) the camera belongs to: only its users (and admins) see its cases")
                .define(SAMPLE_INTERVAL_S, Type.DOUBLE, ConfigDef.OPTIONAL, Validator.between(0.04, 3600),
                        "Pins this camera's analysis interval (adaptive sampling off for it)")
                .define(START_TIME, Type.STRING, ConfigDef.OPTIONAL,
                        "For a file: wall-clock time of its first frame (ISO-8601); default: when it is opened")
                .defineNested(ZONES, Type.OBJECT_LIST, ZoneSection.config(types), "Zones of this camera")
                .defineOverrides(RULES, Schema.rules(types),
                        "Rule settings for this camera only, overriding the global ones (same keys as `rules`)");
    }

    /**
     * One camera, its sampling interval resolved against the {@code ingest} default and its file paths against the
     * config file's folder {@code base}; its URLs are remembered for redaction and checked.
     *
     * @param at where the camera sits in the file, e.g. {@code cameras[2]}
     */
    static StreetwatchConfig.CameraConfig of(Settings c, String file, String at, Path base,
                                             IngestConfig.Params ingest, ZoneId tz) throws ConfigException {
        for (String key : new String[] {URL, DETECT_URL, RECORD_URL}) {
            if (c.getString(key) != null) {
                SafeUrl.remember(c.getString(key));
                checkUrl(file, at + "." + key, c.getString(key), base);
            }
        }
        Long start = null;
        if (c.getString(START_TIME) != null) {
            try {
                start = OffsetDateTime.parse(c.getString(START_TIME)).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new ConfigException(file, at + "." + START_TIME,
                        "expected an ISO-8601 time with offset, e.g. 2026-11-27T20:00:00+08:00");
            }
        }
        boolean pinned = c.get(SAMPLE_INTERVAL_S) != null;
        return new StreetwatchConfig.CameraConfig(c.getString(ID), absolute(c.getString(URL), base),
                absolute(c.getString(DETECT_URL), base), absolute(c.getString(RECORD_URL), base),
                c.getString(PLACE), pinned ? c.getDouble(SAMPLE_INTERVAL_S) : ingest.sampleIntervalS(), start,
                ZoneSection.of(file, at, c.getObjectList(ZONES), c.getString(PLACE), tz), c.getObject(RULES),
                c.getString(DISTRICT), pinned);
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
