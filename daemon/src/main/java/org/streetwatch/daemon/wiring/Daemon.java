package org.streetwatch.daemon.wiring;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.config.ConfigException;
import org.streetwatch.config.Settings;
import org.streetwatch.daemon.config.ConfigChanges;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.daemon.fleet.CameraPartitions;
import org.streetwatch.daemon.fleet.ClusterOptions;
import org.streetwatch.daemon.fleet.FleetMember;
import org.streetwatch.daemon.fleet.FleetRows;
import org.streetwatch.daemon.fleet.FleetView;
import org.streetwatch.daemon.fleet.NodeFolders;
import org.streetwatch.daemon.fleet.NodeHeartbeat;
import org.streetwatch.daemon.fleet.NodeProbe;
import org.streetwatch.daemon.fleet.Takeovers;
import org.streetwatch.daemon.tune.TuningApi;
import org.streetwatch.daemon.wall.CameraWall;
import org.streetwatch.daemon.wall.ConfigEdits;
import org.streetwatch.daemon.wall.ZoneEditor;
import org.streetwatch.detector.analysis.AnalysisStage;
import org.streetwatch.detector.analysis.DetectorMetrics;
import org.streetwatch.detector.analysis.Scene;
import org.streetwatch.detector.analysis.ZoneCrop;
import org.streetwatch.detector.inference.Classifier;
import org.streetwatch.detector.inference.Detector;
import org.streetwatch.detector.inference.Tiling;
import org.streetwatch.detector.live.LatestPictures;
import org.streetwatch.detector.live.RecentTracks;
import org.streetwatch.detector.model.ModelCatalog;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.detector.model.ModelException;
import org.streetwatch.detector.rule.CargoJudge;
import org.streetwatch.detector.rule.HeuristicCargoJudge;
import org.streetwatch.detector.rule.OnnxCargoJudge;
import org.streetwatch.detector.rule.RuleEnv;
import org.streetwatch.detector.rule.RuleType;
import org.streetwatch.detector.rule.Rules;
import org.streetwatch.detector.rule.StationaryObjectRule;
import org.streetwatch.detector.rule.Suppressions;
import org.streetwatch.detector.rule.UncoveredMuckTruckRule;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseRecorder;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.cases.EvidenceMetrics;
import org.streetwatch.evidence.cases.RecheckRecorder;
import org.streetwatch.evidence.cases.Reviews;
import org.streetwatch.evidence.export.CaseReports;
import org.streetwatch.evidence.export.CaseSink;
import org.streetwatch.evidence.export.Exporter;
import org.streetwatch.evidence.integrity.CaseLog;
import org.streetwatch.evidence.integrity.Signer;
import org.streetwatch.evidence.nearmiss.NearMisses;
import org.streetwatch.evidence.retention.Retention;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.Database;
import org.streetwatch.evidence.store.EvidenceFolder;
import org.streetwatch.evidence.store.StoreException;
import org.streetwatch.ingest.camera.Camera;
import org.streetwatch.ingest.camera.CameraFleet;
import org.streetwatch.ingest.camera.CameraSession;
import org.streetwatch.ingest.frame.FrameQueue;
import org.streetwatch.ingest.frame.FrameSize;
import org.streetwatch.ingest.metrics.IngestMetrics;
import org.streetwatch.ingest.source.FfmpegLog;
import org.streetwatch.review.api.Access;
import org.streetwatch.review.api.CaseFolders;
import org.streetwatch.review.api.ReviewApi;
import org.streetwatch.review.auth.Sessions;
import org.streetwatch.review.auth.Users;
import org.streetwatch.review.http.HttpServer;
import org.streetwatch.review.http.Router;
import org.streetwatch.violation.Box;

/**
 * The running daemon: every part built from one config, started in dependency order and closed in reverse.
 *
 * <p>Threads: one per camera stream (ingest), {@code detector.workers} analysis threads, ONNX Runtime's intra-op
 * pool, two case writers, one clip remuxer, one exporter, one retention thread, one config watcher, Netty's event
 * loops and four HTTP handler threads; in cluster mode also the fleet's consumer thread and its status writer.
 */
public final class Daemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private volatile StreetwatchConfig config;
    private final boolean untilEof;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Map<String, Scene> scenes = new ConcurrentHashMap<>();
    private final Set<String> endedStreams = ConcurrentHashMap.newKeySet();
    private final Object endedLock = new Object();
    private final Suppressions suppressions = new Suppressions();
    private Detector detector;
    private Database database;
    private CaseStore store;
    private Reviews reviews;
    private Signer signer;
    private CaseLog caseLog;
    private ConfigChanges configChanges;
    private CameraFleet fleet;
    private CaseRecorder recorder;
    private ProvenanceSink provenance;
    private AnalysisStage analysis;
    private LatestPictures pictures;
    private RecentTracks recentTracks;
    private final long startNanos = System.nanoTime();
    private HttpServer http;
    private int httpPort;
    private FrameSize frameSize;
    /** Cluster mode: this node's membership of the fleet group; null on a single node, which runs every camera. */
    private FleetMember member;
    /** Cluster mode: the fleet partitions this node owns; guarded by this (see {@link #share}). */
    private Set<Integer> share = Set.of();
    private Exporter exporter;
    private boolean exporting; // guarded by this
    private volatile FleetRows fleetRows;
    private Takeovers takeovers;
    /** This node's status for {@code /api/fleet} on a single node. */
    private volatile NodeProbe localProbe;

    private Daemon(StreetwatchConfig config, boolean untilEof) {
        this.config = config;
        this.untilEof = untilEof;
    }

    /**
     * Builds and starts everything; on failure closes what was started and throws one line: a {@link ConfigException}
     * when a setting turns out unusable (a model that does not load), else a {@link StartupException}.
     */
    public static Daemon start(StreetwatchConfig config, boolean untilEof) throws StartupException, ConfigException {
        Daemon d = new Daemon(config, untilEof);
        try {
            d.startAll();
            return d;
        } catch (StartupException | ConfigException e) {
            d.close();
            throw e;
        } catch (RuntimeException e) {
            d.close();
            throw new StartupException("cannot start: " + e, e);
        }
    }

    private void startAll() throws StartupException, ConfigException {
        FfmpegLog.install();
        JvmMetrics.builder().register(registry);
        Settings det = config.detector();
        ModelDescriptor descriptor;
        try {
            ModelCatalog catalog = new ModelCatalog(config.modelDirs());
            descriptor = catalog.descriptor(det.getString("model"));
            Path weights = catalog.weights(descriptor);
            detector = Detector.open(descriptor, weights, new Detector.Options(det.getInt("threads"),
                    det.getInt("inter_threads"), det.getInt("sessions"), det.getInt("workers"), det.getInt("max_batch"),
                    det.getInt("max_wait_ms"), det.getBoolean("cuda"), config.tracker().lowScore()));
        } catch (ModelException e) {
            throw new ConfigException(config.file().toString(), "detector.model", e.getMessage(), e);
        }
        closeables.add(detector);

        Settings ev = config.evidence();
        EvidenceFolder folder;
        try {
            database = config.openDatabase();
            closeables.add(database);
            store = new CaseStore(database);
            folder = new EvidenceFolder(config.evidenceDir());
            signer = Signer.open(folder.root());
            caseLog = CaseLog.open(folder.root(), signer);
            reviews = new Reviews(store, caseLog);
            configChanges = new ConfigChanges(caseLog, folder.root().resolve(CaseLog.FILE), configSha256(config));
            int caughtUp = reviews.catchUp(folder.root().resolve(CaseLog.FILE));
            if (caughtUp > 0) {
                LOG.warn("applied {} decisions from the case log that the database lacked", caughtUp);
            }
            rememberRejections();
            int swept = folder.sweepStaging();
            if (swept > 0) {
                LOG.warn("removed {} half-written case folders left by an earlier crash", swept);
            }
        } catch (StoreException | IOException e) {
            throw new StartupException(e.getMessage(), e);
        }

        IngestMetrics ingestMetrics = new IngestMetrics(registry);
        FrameQueue frames = new FrameQueue(config.ingest().getInt("queue_per_camera"), ingestMetrics::dropped);
        closeables.add(frames::close);
        fleet = new CameraFleet(frames, ingestMetrics);
        ExecutorService remux = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "clip-remux");
            t.setDaemon(true);
            return t;
        });
        closeables.add(remux::shutdown);
        EvidenceMetrics evidenceMetrics = new EvidenceMetrics(registry, folder::usableBytes);
        NearMisses nearMisses = new NearMisses(database, ev.getInt("near_misses_kept"));
        recorder = new CaseRecorder(folder, store, signer, caseLog, new RingClips(fleet, remux), new CaseRecorder.Options(
                micros(ev.getDouble("pre_roll_s")), micros(ev.getDouble("post_roll_s")),
                (long) (ev.getDouble("min_free_mb") * 1024 * 1024), config.timeZone()), evidenceMetrics,
                camera -> this.config.district(camera), nearMisses);
        closeables.add(recorder);
        try {
            recorder.recover();
        } catch (StoreException | IOException e) {
            throw new StartupException("cannot recover cases left by the last run: " + e.getMessage(), e);
        }

        for (StreetwatchConfig.CameraConfig c : config.cameras()) {
            scenes.put(c.id(), config.scene(c));
        }
        Tiling tiling = Tiling.parse(det.getString("tiles"));
        provenance = new ProvenanceSink(recorder, descriptor, scenes::get, configSha256(config));
        ZoneCrop crop = new ZoneCrop(det.getBoolean("zone_crop"), det.getDouble("zone_crop_max"));
        analysis = new AnalysisStage(frames, detector, tiling, crop, scenes::get, Rules.ALL, ruleEnv(), provenance,
                ingestMetrics, new DetectorMetrics(registry), id -> {
                    synchronized (endedLock) {
                        endedStreams.add(id);
                        endedLock.notifyAll();
                    }
                });
        Settings review = config.review();
        pictures = new LatestPictures((long) (review.getDouble("wall_picture_s") * 1e9));
        recentTracks = new RecentTracks(micros(review.getDouble("preview_s")), PREVIEW_MAX_SAMPLES);
        analysis.watch(pictures);
        analysis.watch(recentTracks);
        CommandCentreLoop loop = new CommandCentreLoop(config, database, store, reviews, scenes::get, closeables::add);
        loop.rechecks(new RecheckRecorder(folder, signer, reviews), provenance, analysis);
        analysis.start(det.getInt("workers"));
        closeables.add(analysis);
        closeables.add(fleet);

        exporter = exporter(folder);
        Users users = new Users(database);
        Sessions sessions = new Sessions(users, (long) (review.getDouble("session_idle_s") * 1000),
                (long) (review.getDouble("session_max_s") * 1000));
        try {
            if (users.list().isEmpty()) {
                LOG.warn("no review page users yet: add one with 'streetwatch users add NAME --role reviewer --config {}'",
                        config.file());
            }
        } catch (StoreException e) {
            throw new StartupException(e.getMessage(), e);
        }
        Retention retention = new Retention(store, folder, caseLog, nearMisses, new Retention.Policy(
                ev.getDouble("retention_days") == 0 ? null : Duration.ofMillis((long) (ev.getDouble("retention_days")
                        * 86_400_000L)), (long) (ev.getDouble("budget_gb") * (1L << 30))), registry);
        retention.start(RETENTION_INTERVAL);
        closeables.add(retention);

        Router router = new Router();
        ReviewApi.register(router, reviews, caseFolders(folder), users, sessions,
                config.http().getBoolean("secure_cookies"), exporter, nearMisses);
        loop.dispositions(router);
        Access access = new Access(sessions, config.http().getBoolean("secure_cookies"));
        new CameraWall(() -> this.config, ingestMetrics, pictures, store, this::cameraConditions).register(router, access);
        ConfigEdits edits = new ConfigEdits(config.file(), caseLog, configChanges); // one at a time, whichever page
        new ZoneEditor(() -> this.config, edits, pictures, recentTracks).register(router, access);
        new TuningApi(() -> this.config, store, nearMisses, edits).register(router, access);
        router.get("/api/fleet", access.require(org.streetwatch.review.auth.Role.OPERATOR,
                (r, session) -> org.streetwatch.review.http.Response.json(FleetView.of(fleetNodes(),
                        this.config, session::sees, System.currentTimeMillis()))));
        router.get("/metrics", new MetricsRoute(registry));
        router.get("/healthz", r -> org.streetwatch.review.http.Response.json(Map.of("status", "ok")));
        http = new HttpServer(router, httpLimits(config.http()));
        try {
            httpPort = http.start(config.http().getString("bind"), config.http().getInt("port"));
        } catch (IOException e) {
            throw new StartupException(config.file() + ": http: " + e.getMessage(), e);
        }
        closeables.add(http);

        ModelDescriptor.Input in = descriptor.input();
        // decode straight to the network's input size, unless tiles need the full picture
        frameSize = tiling.none() ? new FrameSize(in.width(), in.height()) : FrameSize.FULL;
        try {
            if (config.cluster().getBoolean("enabled")) {
                joinFleet(ingestMetrics);
            } else {
                exporting = exporter != null;
                localProbe = probe(ingestMetrics);
                fleet.apply(cameras(config));
            }
            ConfigWatcher watcher = new ConfigWatcher(config.file(), java.nio.file.Files.readAllBytes(config.file()),
                    this::reconfigure, registry);
            watcher.start(RELOAD_POLL);
            closeables.add(watcher);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while starting cameras");
        } catch (IOException e) {
            throw new StartupException("cannot read " + config.file() + ": " + e.getMessage(), e);
        }
        LOG.info("streetwatch running: {} cameras, model {} on {}, http://{}:{}/", config.cameras().size(),
                descriptor.name(), detector.provider(), config.http().getString("bind"), httpPort);
    }

    private static HttpServer.Limits httpLimits(Settings s) {
        return new HttpServer.Limits(s.getInt("max_body_bytes"), s.getInt("max_connections"),
                s.getInt("max_connections_per_address"), Duration.ofMillis((long) (s.getDouble("idle_s") * 1000)),
                Duration.ofMillis((long) (s.getDouble("request_timeout_s") * 1000)), s.getInt("fd_reserve"));
    }

    /** Every camera of the config, or on a cluster those in the fleet partitions this node owns. */
    private synchronized List<Camera> cameras(StreetwatchConfig cfg) {
        List<Camera> cameras = new ArrayList<>();
        for (StreetwatchConfig.CameraConfig c : cfg.cameras()) {
            if (member == null || share.contains(CameraPartitions.of(c.id(), member.partitions()))) {
                cameras.add(cfg.camera(c, untilEof, frameSize));
            }
        }
        return cameras;
    }

    /**
     * Joins the fleet's group; from then on its consumer thread calls {@link #share} with this node's part. Closed
     * before the cameras, so leaving the group stops them and hands them on at once.
     */
    private void joinFleet(IngestMetrics ingest) throws ConfigException, StartupException {
        fleetRows = new FleetRows(database);
        try {
            fleetRows.key(config.nodeId(), signer.publicKey());
        } catch (StoreException e) {
            throw new StartupException(e.getMessage(), e);
        }
        try {
            member = FleetMember.join(ClusterOptions.of(config), n -> CameraPartitions.weights(
                    config.cameras().stream().map(StreetwatchConfig.CameraConfig::id).toList(), n), this::share,
                    registry);
        } catch (FleetMember.FleetException e) {
            throw new StartupException(e.getMessage(), e);
        }
        takeovers = new Takeovers(config.nodeId(), fleetRows, registry);
        NodeHeartbeat heartbeat = new NodeHeartbeat(fleetRows, probe(ingest));
        closeables.add(heartbeat); // closed after the member: its last row lists no cameras
        closeables.add(member);
        heartbeat.start();
        member.start();
        LOG.info("fleet: node {} joining group {} at {}", config.nodeId(), config.cluster().getString("group"),
                config.cluster().getString("bootstrap_servers"));
    }

    /** Where cases' files are: this node's folder, or on a fleet every node's folder on the shared storage. */
    private CaseFolders caseFolders(EvidenceFolder folder) {
        if (!config.cluster().getBoolean("enabled")) {
            return c -> folder;
        }
        return new NodeFolders(config.resolve(config.evidence().getString("dir")), folder, () -> {
            try {
                return fleetNodes().stream().map(FleetRows.Node::id).toList();
            } catch (StoreException e) {
                return List.of();
            }
        });
    }

    /** This node's status; {@code cluster.advertised_url} or its host name and HTTP port as its address. */
    private NodeProbe probe(IngestMetrics ingest) {
        String url = config.cluster().getString("advertised_url");
        if (url.isEmpty()) {
            url = "http://" + config.nodeId() + ":" + httpPort;
        }
        return new NodeProbe(config.nodeId(), url, fleet, ingest, analysis::framesAnalyzed, this::exporting, registry);
    }

    private synchronized boolean exporting() {
        return exporting;
    }

    /** The fleet's nodes: from the database on a cluster, else this node as it is now. */
    private List<FleetRows.Node> fleetNodes() throws StoreException {
        FleetRows rows = fleetRows;
        NodeProbe probe = localProbe;
        return rows != null ? rows.nodes() : probe != null ? List.of(probe.now()) : List.of();
    }

    /**
     * The group gave or took partitions (on the consumer thread, before Kafka releases what was taken): the cameras
     * and the exporter follow at once, under the same lock as a config reload.
     */
    private synchronized void share(Set<Integer> partitions, boolean exports) {
        share = partitions;
        Set<String> before = new java.util.HashSet<>();
        fleet.sessions().forEach(session -> before.add(session.camera().id()));
        try {
            fleet.apply(cameras(config));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        takeovers.started(fleet.sessions().stream().map(session -> session.camera().id())
                .filter(id -> !before.contains(id)).toList());
        exporting = exports && exporter != null;
        if (exporter != null) {
            exporter.active(exports);
        }
    }

    /**
     * Applies a changed config while running: zones, rules, schedules and the tracker at the next frame of each
     * camera; cameras added, removed or changed at once, the others untouched. The server, model, evidence and
     * database settings are read at start only; a change to them is logged and waits for a restart.
     */
    synchronized void reconfigure(StreetwatchConfig next) {
        StreetwatchConfig prev = config;
        List<String> needRestart = new ArrayList<>();
        for (String section : new String[] {"http", "detector", "evidence", "export", "dispositions", "cluster"}) {
            if (!prev.root().getObject(section).equals(next.root().getObject(section))) {
                needRestart.add(section);
            }
        }
        if (prev.ingest().getInt("queue_per_camera") != next.ingest().getInt("queue_per_camera")) {
            needRestart.add("ingest.queue_per_camera");
        }
        if (prev.tracker().lowScore() != next.tracker().lowScore()) {
            needRestart.add("tracker.low_score (the detector's floor)");     // the tracker uses the new one at once
        }
        if (!needRestart.isEmpty()) {
            LOG.warn("config: {} changed; that takes effect at the next restart", String.join(", ", needRestart));
        }
        for (StreetwatchConfig.CameraConfig c : next.cameras()) {
            scenes.put(c.id(), next.scene(c));
        }
        scenes.keySet().removeIf(id -> next.cameras().stream().noneMatch(c -> c.id().equals(id)));
        pictures.retain(scenes.keySet());
        recentTracks.retain(scenes.keySet());
        try {
            fleet.apply(cameras(next));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        config = next;
        if (member != null && !prev.cameras().stream().map(StreetwatchConfig.CameraConfig::id).toList()
                .equals(next.cameras().stream().map(StreetwatchConfig.CameraConfig::id).toList())) {
            member.rebalance();
        }
        String sha = configSha256(next);
        provenance.configLoaded(sha);
        try {
            configChanges.applied(prev, next, sha);
        } catch (StoreException e) {
            LOG.error("config: applied, but its change could not be recorded in the case log: {}", e.getMessage());
        }
        LOG.info("config reloaded: {} cameras, {} zones", next.cameras().size(),
                next.cameras().stream().mapToInt(c -> c.zones().size()).sum());
    }

    /** The config file's SHA-256 as it is now (just loaded), or "unreadable" if it went meanwhile. */
    private static String configSha256(StreetwatchConfig cfg) {
        try {
            return org.streetwatch.hash.Sha256.of(cfg.file());
        } catch (IOException e) {
            LOG.warn("cannot hash {} for the cases' provenance: {}", cfg.file(), e.getMessage());
            return "unreadable";
        }
    }

    /** The preview's tracks per camera at most, whatever its sampling rate (five minutes at one frame a second). */
    static final int PREVIEW_MAX_SAMPLES = 300;

    /** How often retention looks for evidence to remove. */
    static final Duration RETENTION_INTERVAL = Duration.ofHours(1);

    /** The exporter of confirmed cases, started; null if export is off here. */
    private Exporter exporter(EvidenceFolder folder) throws ConfigException {
        Settings ex = config.export();
        if (!ex.getBoolean("enabled")) {
            return null;
        }
        CaseSink sink;
        try {
            sink = Sinks.open(config);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(config.file().toString(), "export", e.getMessage(), e);
        }
        if (sink == null) {
            return null;
        }
        Exporter exporter = new Exporter(reviews, new CaseReports(folder, Signer.fingerprint(signer.publicKey())), sink,
                Duration.ofMillis((long) (ex.getDouble("retry_min_s") * 1000)),
                Duration.ofMillis((long) (ex.getDouble("retry_max_s") * 1000)), registry);
        if (config.cluster().getBoolean("enabled")) {
            exporter.active(false); // until the fleet's group names this node
        }
        exporter.start();
        closeables.add(exporter);
        return exporter;
    }

    /** How often the config file is checked for changes (changes apply within this plus a frame). */
    static final Duration RELOAD_POLL = Duration.ofSeconds(1);

    /**
     * Rejected cases keep the rules quiet about the same object for {@code review.suppress_rejected_s}: those
     * rejected before this start, and each one rejected from now on.
     */
    private void rememberRejections() throws StoreException {
        long window = (long) (config.review().getDouble("suppress_rejected_s") * 1000);
        for (Case c : store.rejectedSince(System.currentTimeMillis() - window)) {
            suppress(c, window);
        }
        reviews.onChange(c -> {
            if (c.review().status() == CaseStatus.REJECTED) {
                suppress(c, (long) (config.review().getDouble("suppress_rejected_s") * 1000));
            }
        });
    }

    private void suppress(Case c, long windowMs) {
        if (c.where().area() == null || c.where().appearance() == null || c.review().reviewedAt() == null) {
            return;
        }
        float[] a = c.where().area();
        suppressions.add(new Suppressions.Entry(c.where().camera(), c.what().rule(), c.where().zone(),
                new Box(a[0], a[1], a[2], a[3]), c.where().appearance(), c.review().reviewedAt() + windowMs));
    }

    public Reviews reviews() {
        return reviews;
    }

    /**
     * The rules' shared state: rejected violations, cargo judges (the heuristic and the classifiers named), and the
     * classifiers that label what the stationary-object rules find.
     */
    private RuleEnv ruleEnv() throws ConfigException {
        Map<String, CargoJudge> judges = new java.util.HashMap<>();
        judges.put(CargoJudge.HEURISTIC, new HeuristicCargoJudge());
        ModelCatalog catalog = new ModelCatalog(config.modelDirs());
        for (String name : config.cargoModels()) {
            judges.put(name, open(catalog, name, "rules." + UncoveredMuckTruckRule.NAME + ".judge",
                    OnnxCargoJudge::open));
        }
        Map<String, Classifier> labelers = new java.util.HashMap<>();
        for (RuleType rule : List.of(StationaryObjectRule.STORAGE, StationaryObjectRule.HANGING)) {
            for (String name : config.modelsNamed(rule.name(), "labeler")) {
                if (!labelers.containsKey(name)) {
                    labelers.put(name, open(catalog, name, "rules." + rule.name() + ".labeler", Classifier::open));
                }
            }
        }
        return new RuleEnv(suppressions, judges, labelers);
    }

    /** How a model named in the config is opened from its descriptor and checked weights. */
    private interface ModelOpener<T extends AutoCloseable> {
        T open(ModelDescriptor d, java.nio.file.Path weights) throws ModelException;
    }

    /**
     * Opens the model a setting names, closed with the daemon: a missing or mismatched model is that setting's
     * error.
     */
    private <T extends AutoCloseable> T open(ModelCatalog catalog, String name, String setting, ModelOpener<T> opener)
            throws ConfigException {
        try {
            ModelDescriptor d = catalog.descriptor(name);
            T model = opener.open(d, catalog.weights(d));
            closeables.add(model);
            return model;
        } catch (ModelException e) {
            throw new ConfigException(config.file().toString(), setting, e.getMessage(), e);
        }
    }

    private static long micros(double seconds) {
        return (long) (seconds * 1e6);
    }

    public int httpPort() {
        return httpPort;
    }

    public CaseStore store() {
        return store;
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** Each camera's aim as last checked (ok, shifted, misaimed, covered, blurred): what the review page shows. */
    public Map<String, org.streetwatch.detector.aim.Condition> cameraConditions() {
        return analysis.conditions();
    }

    CameraFleet fleet() {
        return fleet;
    }

    Scene scene(String cameraId) {
        return scenes.get(cameraId);
    }

    /**
     * With {@code --until-eof}: waits until every file camera has been read to its end, its last frame analysed and
     * every case it produced committed. Throws one line if a file could not be read.
     */
    public void awaitFilesDone(Duration timeout) throws StartupException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> files = new ArrayList<>();
        for (CameraSession s : fleet.sessions()) {
            if (s.camera().mode() == Camera.Mode.ONCE) {
                files.add(s.camera().id());
                try {
                    s.finished().get(Math.max(1, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    throw new StartupException("camera " + s.camera().id() + ": " + e.getCause().getMessage(), e);
                } catch (TimeoutException e) {
                    throw new StartupException("camera " + s.camera().id() + ": not finished after " + timeout);
                }
            }
        }
        synchronized (endedLock) {
            while (!endedStreams.containsAll(files)) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new StartupException("analysis did not finish within " + timeout);
                }
                endedLock.wait(left);
            }
        }
        try {
            recorder.drain(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        } catch (TimeoutException e) {
            throw new StartupException("case writing did not finish: " + e.getMessage());
        }
        LOG.info("read {} cameras once: {} frames analysed in {} s", files.size(), analysis.framesAnalyzed(),
                String.format("%.1f", (System.nanoTime() - startNanos) / 1e9));
    }

    /** Stops the cameras first, then analysis, then lets the case writers finish, then the rest. */
    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            AutoCloseable c = closeables.get(i);
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("while stopping: {}", e.toString());
            }
        }
        closeables.clear();
    }

    /** A future that completes when every file camera has finished (used by tests). */
    public CompletableFuture<Void> camerasFinished() {
        return fleet.allFinished();
    }
}
