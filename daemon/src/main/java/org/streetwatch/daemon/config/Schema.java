package org.streetwatch.daemon.config;

import java.util.List;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.Type;
import org.streetwatch.config.Validator;
import org.streetwatch.detector.DetectorConfig;
import org.streetwatch.detector.aim.AimCheck;
import org.streetwatch.detector.analysis.MotionGate;
import org.streetwatch.detector.sampling.SamplingPolicy;
import org.streetwatch.detector.rule.RuleType;
import org.streetwatch.detector.track.Tracker;
import org.streetwatch.detector.zone.Schedule;
import org.streetwatch.review.auth.Users;
import org.streetwatch.violation.ZoneType;

/**
 * Every setting of streetwatch.yaml, declared once. {@code streetwatch config docs} prints this as the reference
 * (docs/CONFIG.md); the rules and the tracker declare their own settings next to their code.
 */
public final class Schema {

    static final String ID = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";
    static final Validator ID_VALIDATOR = Validator.matches(ID, "1-64 letters, digits, '_', '-', '.'");

    private Schema() {
    }

    static ConfigDef http() {
        return new ConfigDef()
                .define("bind", Type.STRING, "127.0.0.1", Validator.NON_EMPTY,
                        "Address the review page, API and metrics listen on (0.0.0.0 for every interface)")
                .define("port", Type.INT, 8080, Validator.between(0, 65535), "TCP port (0: any free port)")
                .define("max_body_bytes", Type.INT, 1 << 20, Validator.between(1024, 64 << 20),
                        "Largest request body accepted; larger requests get 413")
                .define("max_connections", Type.INT, 10_000, Validator.between(16, 1_000_000),
                        "Most connections open at once, lowered to the descriptor limit less fd_reserve; beyond it a "
                                + "new connection displaces the longest idle one")
                .define("max_connections_per_address", Type.INT, 256, Validator.between(1, 1_000_000),
                        "Most connections open at once from one address; more are closed at once")
                .define("fd_reserve", Type.INT, 512, Validator.between(0, 1_000_000),
                        "File descriptors no HTTP connection may take: kept for cameras, case writers and the database")
                .define("idle_s", Type.DOUBLE, 60.0, Validator.between(1, 3600),
                        "A connection with no request in progress and no traffic for this long is closed")
                .define("request_timeout_s", Type.DOUBLE, 30.0, Validator.between(1, 3600),
                        "A request must arrive whole (headers and body) within this long of its first byte, or the "
                                + "connection is closed")
                .define("secure_cookies", Type.BOOLEAN, false,
                        "Mark the session cookie Secure: set when the page is served over HTTPS (e.g. behind a TLS proxy)");
    }

    static ConfigDef detector() {
        return DetectorConfig.CONFIG;
    }

    static ConfigDef ingest() {
        return new ConfigDef()
                .define("sample_interval_s", Type.DOUBLE, 1.0, Validator.between(0.04, 3600),
                        "At most one analysed picture per camera per this many seconds")
                .define("ring_s", Type.DOUBLE, 20.0, Validator.between(2, 600),
                        "Seconds of compressed video kept per camera (pre-roll for clips)")
                .define("ring_max_mb", Type.DOUBLE, 8.0, Validator.between(0.5, 1024),
                        "Upper bound of a camera's ring in MB, whatever its bitrate")
                .define("stall_s", Type.DOUBLE, 10.0, Validator.between(1, 600),
                        "No packet for this long: the connection is dropped and re-opened (also the socket timeout)")
                .define("reconnect_min_s", Type.DOUBLE, 1.0, Validator.between(0.1, 3600), "First reconnect delay")
                .define("reconnect_max_s", Type.DOUBLE, 60.0, Validator.between(0.1, 86_400),
                        "Longest reconnect delay (the delay doubles up to this, with jitter)")
                .define("queue_per_camera", Type.INT, 2, Validator.between(1, 100),
                        "Pictures waiting for analysis per camera; a live camera's oldest is dropped beyond this");
    }

    static ConfigDef evidence() {
        return new ConfigDef()
                .define("dir", Type.STRING, "data/evidence", Validator.NON_EMPTY,
                        "Evidence folder (clips, snapshots, manifests); relative paths are relative to the config file")
                .define("database", Type.STRING, "",
                        "JDBC URL of the case database; empty: SQLite file cases.db in the evidence folder")
                .define("database_user", Type.STRING, "", "Database user (PostgreSQL)")
                .define("database_password_env", Type.STRING, "",
                        "Name of the environment variable that holds the database password (never the password itself)")
                .define("pre_roll_s", Type.DOUBLE, 10.0, Validator.between(0, 300), "Video kept before an event")
                .define("post_roll_s", Type.DOUBLE, 10.0, Validator.between(0, 300), "Video kept after an event")
                .define("min_free_mb", Type.DOUBLE, 500.0, Validator.between(0, 1 << 20),
                        "Below this much free disk, beyond 8 MB kept for the smallest case, new clips stop (cases are "
                                + "still recorded, flagged)")
                .define("time_zone", Type.STRING, "Asia/Shanghai", Validator.NON_EMPTY,
                        "Time zone of times printed on snapshots and of zone schedules")
                .define("retention_days", Type.DOUBLE, 180.0, Validator.between(0, 36_500),
                        "Files of rejected and exported cases older than this are removed (0: kept forever); "
                                + "pending and unexported cases never are")
                .define("near_misses_kept", Type.INT, 1000, Validator.between(0, 1_000_000),
                        "Near misses kept per camera and rule, oldest dropped (they go after retention_days too)")
                .define("budget_gb", Type.DOUBLE, 0.0, Validator.between(0, 1 << 20),
                        "Beyond this much evidence the oldest rejected and exported cases' files go first (0: no budget)");
    }

    static ConfigDef review() {
        return new ConfigDef()
                .define("suppress_rejected_s", Type.DOUBLE, 86_400.0, Validator.between(0, 365 * 86_400.0),
                        "After a reviewer rejects a case, the same object at the same place raises no case for this long")
                .define("session_idle_s", Type.DOUBLE, 8 * 3600.0, Validator.between(60, 7 * 86_400.0),
                        "A review page session unused this long ends (read at start)")
                .define("session_max_s", Type.DOUBLE, 24 * 3600.0, Validator.between(60, 30 * 86_400.0),
                        "A review page session ends this long after login, used or not (read at start)")
                .define("wall_picture_s", Type.DOUBLE, 2.0, Validator.between(0.5, 60),
                        "The camera wall's picture of a camera is renewed at most this often, from an analysed frame "
                                + "(read at start)")
                .define("preview_s", Type.DOUBLE, 300.0, Validator.between(10, 3600),
                        "Seconds of each camera's tracks kept in memory for the zone editor's preview (read at start)");
    }

    static ConfigDef export() {
        ConfigDef folder = new ConfigDef()
                .define("dir", Type.STRING, "", "Folder the command centre collects CASE_ID.pb files from; empty: "
                        + "export/ in the evidence folder");
        ConfigDef kafka = new ConfigDef()
                .define("bootstrap_servers", Type.STRING, "", "host:port[,host:port...] of the command centre's brokers")
                .define("topic", Type.STRING, "streetwatch.cases", Validator.NON_EMPTY, "Topic the cases go to")
                .define("properties_file", Type.STRING, "",
                        "Kafka client properties file for security settings (SASL, TLS); secrets stay out of this file");
        ConfigDef webhook = new ConfigDef()
                .define("url", Type.STRING, "", "http(s):// endpoint that receives a POST per case")
                .define("secret_env", Type.STRING, "",
                        "Environment variable holding the HMAC key for X-Streetwatch-Signature (empty: unsigned)")
                .define("timeout_s", Type.DOUBLE, 10.0, Validator.between(1, 300), "Time allowed for one POST");
        return new ConfigDef()
                .define("sink", Type.STRING, "folder", Validator.oneOf("none", "folder", "kafka", "webhook"),
                        "Where confirmed cases go: none, folder (embedded default), kafka or webhook")
                .define("enabled", Type.BOOLEAN, true,
                        "Run the exporter on this node (cluster mode: the group picks one node; leave it on everywhere)")
                .define("retry_min_s", Type.DOUBLE, 1.0, Validator.between(0.1, 3600), "First retry delay after a failure")
                .define("retry_max_s", Type.DOUBLE, 60.0, Validator.between(0.1, 86_400),
                        "Longest retry delay (doubling, with jitter)")
                .defineNested("folder", Type.OBJECT, folder, "The folder sink")
                .defineNested("kafka", Type.OBJECT, kafka, "The Kafka sink")
                .defineNested("webhook", Type.OBJECT, webhook, "The webhook sink");
    }

    static ConfigDef dispositions() {
        ConfigDef kafka = new ConfigDef()
                .define("bootstrap_servers", Type.STRING, "",
                        "host:port[,host:port...] of the brokers the dispositions come from (empty: not read)")
                .define("topic", Type.STRING, "streetwatch.dispositions", Validator.NON_EMPTY,
                        "Topic of streetwatch.v1.Disposition records")
                .define("group", Type.STRING, "streetwatch", Validator.NON_EMPTY,
                        "Consumer group (nodes sharing a database share it, so each record is applied by one)")
                .define("properties_file", Type.STRING, "",
                        "Kafka client properties file for security settings (SASL, TLS); secrets stay out of this file");
        return new ConfigDef()
                .define("token_env", Type.STRING, "",
                        "Environment variable holding the service token of POST /api/dispositions (empty: no callback)")
                .defineNested("kafka", Type.OBJECT, kafka, "Dispositions read from Kafka");
    }

    static ConfigDef cluster() {
        return new ConfigDef()
                .define("enabled", Type.BOOLEAN, false,
                        "Run as one node of a fleet: cameras and the exporter shared out by a Kafka consumer group")
                .define("node_id", Type.STRING, "", Validator.matches("(" + ID + ")?", "1-64 letters, digits, '_', "
                        + "'-', '.'"), "This node's name, unique in the fleet; empty: the host name")
                .define("bootstrap_servers", Type.STRING, "", "host:port[,host:port...] of the fleet's Kafka brokers")
                .define("group", Type.STRING, "streetwatch-fleet", Validator.NON_EMPTY,
                        "Consumer group of the fleet's nodes")
                .define("topic", Type.STRING, "streetwatch.fleet", Validator.NON_EMPTY,
                        "Fleet topic (no records: its partitions carry the cameras); TOPIC.exporter picks the exporter")
                .define("partitions", Type.INT, 512, Validator.between(1, 10_000),
                        "Partitions of the fleet topic when this node creates it; an existing topic keeps its own")
                .define("session_timeout_s", Type.DOUBLE, 10.0, Validator.between(6, 1800),
                        "A node not heard from for this long is gone: its cameras move to the others")
                .define("capacity", Type.DOUBLE, 1.0, Validator.between(0.01, 1000),
                        "This node's share of cameras relative to the others' (e.g. 2 for twice the cores)")
                .define("advertised_url", Type.STRING, "",
                        "http(s)://host:port other nodes and operators reach this node at; empty: host name and port")
                .define("properties_file", Type.STRING, "",
                        "Kafka client properties file for security settings (SASL, TLS); secrets stay out of this file");
    }

    static ConfigDef schedule() {
        return new ConfigDef()
                .define("days", Type.STRING, "daily", Schedule.DAYS, "Days of the week: daily, mon-fri, sat,sun ...")
                .define("from", Type.STRING, ConfigDef.REQUIRED,
                        Validator.matches("([01]\\d|2[0-3]):[0-5]\\d", "a time HH:MM"), "Start of the window")
                .define("to", Type.STRING, ConfigDef.REQUIRED,
                        Validator.matches("([01]\\d|2[0-4]):[0-5]\\d", "a time HH:MM"),
                        "End of the window (before the start: runs past midnight)");
    }

    static ConfigDef rules(List<RuleType<?>> types) {
        ConfigDef def = new ConfigDef();
        for (RuleType t : types) {
            def.defineNested(t.name(), Type.OBJECT, t.config(), "Settings of the " + t.name() + " rule");
        }
        return def;
    }

    static ConfigDef zone(List<RuleType<?>> types) {
        return new ConfigDef()
                .define("id", Type.STRING, ConfigDef.REQUIRED, ID_VALIDATOR, "Zone id, unique within its camera")
                .define("type", Type.STRING, ConfigDef.REQUIRED, Validator.oneOf(ZoneType.keys()), "What the zone means")
                .define("polygon", Type.POINTS, ConfigDef.REQUIRED, Validator.UNIT_POLYGON,
                        "Outline as [x, y] fractions of the picture's width and height")
                .define("place", Type.STRING, ConfigDef.OPTIONAL, "Place name shown in cases")
                .define("unit", Type.STRING, ConfigDef.OPTIONAL, "Responsible shop unit (门前三包 unit id)")
                .define("grid", Type.STRING, ConfigDef.OPTIONAL, Validator.matches("\\d{14}|\\d{16}",
                                "the unit grid cell's 14 digits (county 6, street 3, community 3, cell 2), or 16"),
                        "Command centre unit grid cell (单元网格) the zone lies in, sent with its cases")
                .define("longitude", Type.DOUBLE, ConfigDef.OPTIONAL, Validator.between(-180, 180),
                        "The zone's longitude in degrees for the command centre's map (with latitude)")
                .define("latitude", Type.DOUBLE, ConfigDef.OPTIONAL, Validator.between(-90, 90),
                        "The zone's latitude in degrees (with longitude)")
                .define("motion_threshold", Type.DOUBLE, ConfigDef.OPTIONAL, Validator.between(0, 1),
                        "Overrides motion.threshold for this zone (a busy pavement higher, a quiet drain lower)")
                .defineNested("schedule", Type.OBJECT_LIST, schedule(),
                        "When the zone applies (vending_allowed: the market's hours); empty: always")
                .defineOverrides("rules", rules(types),
                        "Rule settings for this zone only, overriding the camera's (same keys as `rules`)");
    }

    static ConfigDef camera(List<RuleType<?>> types) {
        return new ConfigDef()
                .define("id", Type.STRING, ConfigDef.REQUIRED, ID_VALIDATOR, "Camera id, unique")
                .define("url", Type.STRING, ConfigDef.REQUIRED, Validator.NON_EMPTY,
                        "rtsp://... stream, or a local video file (played in a loop, or once with --until-eof)")
                .define("detect_url", Type.STRING, ConfigDef.OPTIONAL,
                        "Sub-stream analysed instead of url (url is then recorded for clips)")
                .define("record_url", Type.STRING, ConfigDef.OPTIONAL, "Main stream recorded for clips instead of url")
                .define("place", Type.STRING, ConfigDef.OPTIONAL, "Where the camera is; zones inherit it")
                .define("district", Type.STRING, "main", Validator.matches(Users.DISTRICT.pattern(),
                                "1-64 letters (any script), digits, '_', '-', '.'"),
                        "District (街道 / 中队) the camera belongs to: only its users (and admins) see its cases")
                .define("sample_interval_s", Type.DOUBLE, ConfigDef.OPTIONAL, Validator.between(0.04, 3600),
                        "Pins this camera's analysis interval (adaptive sampling off for it)")
                .define("start_time", Type.STRING, ConfigDef.OPTIONAL,
                        "For a file: wall-clock time of its first frame (ISO-8601); default: when it is opened")
                .defineNested("zones", Type.OBJECT_LIST, zone(types), "Zones of this camera")
                .defineOverrides("rules", rules(types),
                        "Rule settings for this camera only, overriding the global ones (same keys as `rules`)");
    }

    /** The whole file. */
    public static ConfigDef root(List<RuleType<?>> types) {
        return new ConfigDef()
                .defineNested("http", Type.OBJECT, http(), "Review page, API and metrics server")
                .defineNested("detector", Type.OBJECT, detector(), "Model and inference")
                .defineNested("ingest", Type.OBJECT, ingest(), "Camera connections, rings and sampling")
                .defineNested("evidence", Type.OBJECT, evidence(), "Evidence folder and case database")
                .defineNested("review", Type.OBJECT, review(), "Review of cases by people")
                .defineNested("export", Type.OBJECT, export(), "Export of confirmed cases to the command centre")
                .defineNested("dispositions", Type.OBJECT, dispositions(),
                        "What the command centre did with exported cases: dispatched, handled (read at start)")
                .defineNested("cluster", Type.OBJECT, cluster(), "Several nodes sharing the cameras (off: one node)")
                .defineNested("tracker", Type.OBJECT, Tracker.CONFIG, "Object tracking")
                .defineNested("motion", Type.OBJECT, MotionGate.CONFIG, "Motion gating: skip inference on still pictures")
                .defineNested("sampling", Type.OBJECT, SamplingPolicy.CONFIG,
                        "Each camera analysed as often as the rules active in its zones need")
                .defineNested("camera_check", Type.OBJECT, AimCheck.CONFIG,
                        "Cameras moved, covered or blurred: zones follow a small shift, rules pause otherwise")
                .defineNested("rules", Type.OBJECT, rules(types), "The violation rules")
                .defineNested("cameras", Type.OBJECT_LIST, camera(types), "The cameras");
    }
}
