package org.streetwatch.daemon.config;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.streetwatch.config.Settings;
import org.streetwatch.daemon.fleet.ClusterOptions;
import org.streetwatch.detector.aim.AimCheck;
import org.streetwatch.detector.analysis.MotionGate;
import org.streetwatch.detector.analysis.Scene;
import org.streetwatch.detector.sampling.SamplingPolicy;
import org.streetwatch.detector.rule.CargoJudge;
import org.streetwatch.detector.rule.UncoveredMuckTruckRule;
import org.streetwatch.detector.track.Tracker;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.evidence.disposition.DispositionsConfig;
import org.streetwatch.evidence.export.ExportConfig;
import org.streetwatch.evidence.store.EvidenceConfig;
import org.streetwatch.ingest.camera.Camera;
import org.streetwatch.ingest.camera.IngestConfig;
import org.streetwatch.ingest.frame.FrameSize;
import org.streetwatch.review.api.ReviewConfig;
import org.streetwatch.review.http.HttpConfig;

/**
 * A loaded, validated streetwatch.yaml: the plan of typed parameters for each part of the daemon, per section and per
 * camera, made once per load by {@link ConfigLoader}. Immutable: a reload builds a new one and swaps it in whole.
 *
 * @param root the whole file's settings, for the sections read elsewhere (detector, motion, sampling, camera_check)
 */
public record StreetwatchConfig(Path file, Settings root, Map<String, Settings> rules, Tracker.Params tracker,
                                List<CameraConfig> cameras, HttpConfig.Params http, IngestConfig.Params ingest,
                                EvidenceConfig.Params evidence, ReviewConfig.Params review, ExportConfig.Params export,
                                DispositionsConfig.Params dispositions, ClusterOptions.Params cluster) {

    /**
     * One camera's settings, resolved against the {@code ingest} defaults.
     *
     * @param startTimeMs wall-clock time of a file's first frame, or null
     * @param district    who sees its cases: users of this district, and admins
     * @param intervalPinned the camera sets its own {@code sample_interval_s}: analysed at that rate, whatever its rules
     */
    public record CameraConfig(String id, String url, String detectUrl, String recordUrl, String place,
                               double sampleIntervalS, Long startTimeMs, List<Zone> zones, Settings ruleOverrides,
                               String district, boolean intervalPinned) {
    }

    /** A camera's district, or null for a camera not (or no longer) configured. */
    public String district(String cameraId) {
        return cameras.stream().filter(c -> c.id().equals(cameraId)).findFirst().map(CameraConfig::district)
                .orElse(null);
    }

    public Settings detector() {
        return root.getObject(Schema.DETECTOR);
    }

    /** Time zone of snapshots' times and zone schedules. */
    public ZoneId timeZone() {
        return evidence.timeZone();
    }

    /**
     * The evidence folder, relative paths taken from the config file's folder; on a cluster, this node's folder in
     * it (every node the same file, each its own folder, all on shared storage).
     */
    public Path evidenceDir() {
        Path dir = resolve(evidence.dir());
        return cluster.enabled() ? dir.resolve(nodeId()) : dir;
    }

    /** This node's name in the fleet: {@code cluster.node_id}, else the host name. */
    public String nodeId() {
        if (!cluster.nodeId().isEmpty()) {
            return cluster.nodeId();
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** The case database URL: the configured one, or SQLite in the evidence folder. */
    public String databaseUrl() {
        return evidence.database().isEmpty() ? "jdbc:sqlite:" + evidenceDir().resolve("cases.db") : evidence.database();
    }

    /** Opens (and migrates) the case database; the password comes from the environment variable the config names. */
    public org.streetwatch.evidence.store.Database openDatabase() throws org.streetwatch.evidence.store.StoreException {
        return org.streetwatch.evidence.store.Database.open(databaseUrl(), evidence.databaseUser(),
                evidence.password());
    }

    /** The case database to read only (see {@code Database.inspect}). */
    public org.streetwatch.evidence.store.Database inspectDatabase()
            throws org.streetwatch.evidence.store.StoreException {
        return org.streetwatch.evidence.store.Database.inspect(databaseUrl(), evidence.databaseUser(),
                evidence.password());
    }

    /** The models folders searched, in order. */
    public List<Path> modelDirs() {
        String dir = detector().getString("models_dir");
        if (!dir.isEmpty()) {
            return List.of(resolve(dir));
        }
        return ModelDirs.defaults();
    }

    public Path resolve(String path) {
        Path p = Path.of(path);
        Path base = file.toAbsolutePath().getParent();
        return (p.isAbsolute() || base == null ? p : base.resolve(p)).normalize();
    }

    /** The cargo judges the config names (other than the built-in heuristic): models to load at start. */
    public java.util.Set<String> cargoModels() {
        java.util.Set<String> names = modelsNamed(UncoveredMuckTruckRule.NAME, "judge");
        names.remove(CargoJudge.HEURISTIC);
        return names;
    }

    /** The classifiers a rule's {@code key} names, in its settings and every camera's and zone's overrides. */
    public java.util.Set<String> modelsNamed(String rule, String key) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        java.util.List<Settings> layers = new java.util.ArrayList<>();
        layers.add(rules.get(rule));
        for (CameraConfig c : cameras) {
            if (c.ruleOverrides().isSet(rule)) {
                layers.add(c.ruleOverrides().getObject(rule));
            }
            for (Zone z : c.zones()) {
                Settings o = z.ruleOverrides().get(rule);
                if (o != null) {
                    layers.add(o);
                }
            }
        }
        for (Settings s : layers) {
            if (s.isSet(key) && s.getString(key) != null) {
                names.add(s.getString(key));
            }
        }
        return names;
    }

    /** The camera as ingest runs it. */
    public Camera camera(CameraConfig c, boolean untilEof, FrameSize frameSize) {
        String analysed = c.detectUrl() != null ? c.detectUrl() : c.url();
        String recorded = c.recordUrl() != null ? c.recordUrl() : c.detectUrl() != null ? c.url() : null;
        long start = c.startTimeMs() != null ? c.startTimeMs() : 0;
        return new Camera(c.id(), analysed, recorded, Camera.modeFor(analysed, untilEof),
                IngestConfig.seconds(c.sampleIntervalS()), ingest.ring(), ingest.ringMaxBytes(), ingest.stall(),
                ingest.reconnectMin(), ingest.reconnectMax(), frameSize, start);
    }

    /** What the camera's analysis runs with: zones, and each rule's settings with the camera's overrides. */
    public Scene scene(CameraConfig c) {
        Map<String, Settings> perCamera = new LinkedHashMap<>();
        for (Map.Entry<String, Settings> e : rules.entrySet()) {
            Settings o = c.ruleOverrides().isSet(e.getKey()) ? c.ruleOverrides().getObject(e.getKey()) : null;
            perCamera.put(e.getKey(), e.getValue().with(o));
        }
        return new Scene(c.id(), c.zones(), perCamera, tracker, MotionGate.Params.of(root.getObject("motion")),
                AimCheck.Params.of(root.getObject("camera_check")), timeZone(),
                SamplingPolicy.Params.of(root.getObject("sampling"), c.sampleIntervalS(), c.intervalPinned()));
    }
}
