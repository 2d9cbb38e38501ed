package org.streetwatch.daemon.config;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.streetwatch.config.Settings;
import org.streetwatch.daemon.fleet.ClusterOptions;
import org.streetwatch.detector.DetectorConfig;
import org.streetwatch.detector.aim.AimCheck;
import org.streetwatch.detector.analysis.MotionGate;
import org.streetwatch.detector.analysis.Scene;
import org.streetwatch.detector.sampling.SamplingPolicy;
import org.streetwatch.detector.rule.CargoJudge;
import org.streetwatch.detector.rule.RuleParams;
import org.streetwatch.detector.rule.RuleType;
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
 * @param root     the whole file's settings, as data (the configuration's hash, the zone editor)
 * @param sampling the adaptive sampling of a camera at the global interval; {@link #scene} sets each camera's own
 */
public record StreetwatchConfig(Path file, Settings root, Map<String, Settings> rules, Tracker.Params tracker,
                                List<CameraConfig> cameras, HttpConfig.Params http, IngestConfig.Params ingest,
                                EvidenceConfig.Params evidence, ReviewConfig.Params review, ExportConfig.Params export,
                                DispositionsConfig.Params dispositions, ClusterOptions.Params cluster,
                                DetectorConfig.Params detector, MotionGate.Params motion, AimCheck.Params aim,
                                SamplingPolicy.Params sampling) {

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
        String dir = detector().modelsDir();
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
    public Set<String> cargoModels() {
        Set<String> names = named(UncoveredMuckTruckRule.TYPE, UncoveredMuckTruckRule.Params::judge);
        names.remove(CargoJudge.HEURISTIC);
        return names;
    }

    /**
     * The names one of a rule's parameters takes anywhere — globally, on every camera and in every zone — such as
     * the models its settings name, to load at start.
     */
    public <P extends RuleParams> Set<String> named(RuleType<P> type, Function<P, String> name) {
        List<P> inForce = new ArrayList<>();
        inForce.add(type.params(rules.get(type.name())));
        for (CameraConfig c : cameras) {
            Scene scene = scene(c);
            inForce.add(scene.params(type, null));
            for (Zone z : c.zones()) {
                inForce.add(scene.params(type, z));
            }
        }
        Set<String> names = new TreeSet<>();
        for (P p : inForce) {
            String n = name.apply(p);
            if (n != null && !n.isEmpty()) {
                names.add(n);
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
        return new Scene(c.id(), c.zones(), perCamera, tracker, motion, aim, timeZone(),
                sampling.atInterval(IngestConfig.seconds(c.sampleIntervalS()), c.intervalPinned()));
    }
}
