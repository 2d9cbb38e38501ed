package org.streetwatch.daemon.wiring;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.config.ConfigException;
import org.streetwatch.daemon.config.Schema;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.daemon.fleet.CameraPartitions;
import org.streetwatch.daemon.fleet.FleetRows;
import org.streetwatch.daemon.fleet.NodeFolders;
import org.streetwatch.daemon.fleet.NodeProbe;
import org.streetwatch.detector.analysis.Scene;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.detector.rule.Suppressions;
import org.streetwatch.evidence.cases.Reviews;
import org.streetwatch.evidence.export.Exporter;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.EvidenceFolder;
import org.streetwatch.evidence.store.StoreException;
import org.streetwatch.ingest.camera.Camera;
import org.streetwatch.ingest.camera.CameraFleet;
import org.streetwatch.ingest.camera.CameraSession;
import org.streetwatch.ingest.frame.FrameSize;
import org.streetwatch.ingest.source.FfmpegLog;
import org.streetwatch.review.api.CaseFolders;

/**
 * The running daemon: every part built from one config by its area's starter, started in dependency order and closed
 * in reverse.
 *
 * <p>Threads: one per camera stream (ingest), {@code detector.workers} analysis threads, ONNX Runtime's intra-op
 * pool, two case writers, one clip remuxer, one exporter, one retention thread, one config watcher, Netty's event
 * loops and four HTTP handler threads; in cluster mode also the fleet's consumer thread and its status writer.
 */
public final class Daemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    /** How often the config file is checked for changes (changes apply within this plus a frame). */
    static final Duration RELOAD_POLL = Duration.ofSeconds(1);

    private volatile StreetwatchConfig config;
    private final boolean untilEof;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    /** Everything started, in start order; closed in reverse. */
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Map<String, Scene> scenes = new ConcurrentHashMap<>();
    private final Set<String> endedStreams = ConcurrentHashMap.newKeySet();
    private final Object endedLock = new Object();
    private final Suppressions suppressions = new Suppressions();
    private final long startNanos = System.nanoTime();
    private Inference inference;
    private CaseStorage storage;
    private Ingest ingest;
    private Recording recording;
    private Analysis analysis;
    private int httpPort;
    private FrameSize frameSize;
    /** Cluster mode: this node in the fleet group; null on a single node, which runs every camera. */
    private FleetJoin fleetJoin;
    /** Cluster mode: the fleet partitions this node owns; guarded by this (see {@link #share}). */
    private Set<Integer> share = Set.of();
    private Exporter exporter;
    private boolean exporting; // guarded by this
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
        String sha = configSha256(config);
        inference = Inference.open(config, suppressions, closeables::add);
        storage = CaseStorage.open(config, sha, closeables::add);
        try {
            RejectedCases.quiet(suppressions, storage.store(), storage.reviews(),
                    () -> this.config.review().suppressRejected());
        } catch (StoreException e) {
            throw new StartupException(e.getMessage(), e);
        }
        ingest = Ingest.start(config.ingest(), registry, closeables::add);
        recording = Recording.start(config.evidence(), storage, ingest.cameras(),
                camera -> this.config.district(camera), registry, closeables::add);
        CommandCentreLoop loop = new CommandCentreLoop(config, storage.database(), storage.store(), storage.reviews(),
                scenes::get, closeables::add);
        analysis = Analysis.start(config, inference, ingest, recording, storage, scenes, sha, loop, this::streamEnded,
                registry, closeables::add);
        closeables.add(ingest.cameras()); // stopped before analysis
        exporter = CaseExport.start(config, storage, registry, closeables::add);
        recording.retain(config.evidence(), storage, registry, closeables::add);
        httpPort = ReviewServer.start(config, storage, new ReviewServer.Sources(() -> this.config, ingest, analysis,
                recording, exporter, caseFolders(), this::fleetNodes, this::cameraConditions), loop, registry,
                closeables::add).port();

        ModelDescriptor.Input in = inference.descriptor().input();
        // decode straight to the network's input size, unless tiles need the full picture
        frameSize = analysis.tiling().none() ? new FrameSize(in.width(), in.height()) : FrameSize.FULL;
        try {
            if (config.cluster().enabled()) {
                joinFleet();
            } else {
                exporting = exporter != null;
                localProbe = probe();
                ingest.cameras().apply(cameras(config));
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
                inference.descriptor().name(), inference.detector().provider(), config.http().bind(), httpPort);
    }

    /** A camera's stream ended and its last frame was analysed (on an analysis thread). */
    private void streamEnded(String cameraId) {
        synchronized (endedLock) {
            endedStreams.add(cameraId);
            endedLock.notifyAll();
        }
    }

    /** Every camera of the config, or on a cluster those in the fleet partitions this node owns. */
    private synchronized List<Camera> cameras(StreetwatchConfig cfg) {
        List<Camera> cameras = new ArrayList<>();
        for (StreetwatchConfig.CameraConfig c : cfg.cameras()) {
            if (fleetJoin == null || share.contains(CameraPartitions.of(c.id(), fleetJoin.member().partitions()))) {
                cameras.add(cfg.camera(c, untilEof, frameSize));
            }
        }
        return cameras;
    }

    /**
     * Joins the fleet's group; from then on its consumer thread calls {@link #share} with this node's part. Closed
     * before the cameras, so leaving the group stops them and hands them on at once.
     */
    private void joinFleet() throws ConfigException, StartupException {
        FleetJoin joined = FleetJoin.join(config, storage, this::probe, this::share, registry, closeables::add);
        synchronized (this) {
            fleetJoin = joined;
        }
        joined.start();
    }

    /** Where cases' files are: this node's folder, or on a fleet every node's folder on the shared storage. */
    private CaseFolders caseFolders() {
        EvidenceFolder folder = storage.folder();
        if (!config.cluster().enabled()) {
            return c -> folder;
        }
        return new NodeFolders(config.resolve(config.evidence().dir()), folder, () -> {
            try {
                return fleetNodes().stream().map(FleetRows.Node::id).toList();
            } catch (StoreException e) {
                return List.of();
            }
        });
    }

    /** This node's status; {@code cluster.advertised_url} or its host name and HTTP port as its address. */
    private NodeProbe probe() {
        String url = config.cluster().advertisedUrl();
        if (url.isEmpty()) {
            url = "http://" + config.nodeId() + ":" + httpPort;
        }
        return new NodeProbe(config.nodeId(), url, ingest.cameras(), ingest.metrics(), analysis.stage()::framesAnalyzed,
                this::exporting, registry);
    }

    private synchronized boolean exporting() {
        return exporting;
    }

    /** The fleet's nodes: from the database on a cluster, else this node as it is now. */
    private List<FleetRows.Node> fleetNodes() throws StoreException {
        FleetJoin joined;
        synchronized (this) {
            joined = fleetJoin;
        }
        NodeProbe probe = localProbe;
        return joined != null ? joined.rows().nodes() : probe != null ? List.of(probe.now()) : List.of();
    }

    /**
     * The group gave or took partitions (on the consumer thread, before Kafka releases what was taken): the cameras
     * and the exporter follow at once, under the same lock as a config reload.
     */
    private synchronized void share(Set<Integer> partitions, boolean exports) {
        share = partitions;
        CameraFleet fleet = ingest.cameras();
        Set<String> before = new java.util.HashSet<>();
        fleet.sessions().forEach(session -> before.add(session.camera().id()));
        try {
            fleet.apply(cameras(config));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fleetJoin.takeovers().started(fleet.sessions().stream().map(session -> session.camera().id())
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
        changed(needRestart, Schema.HTTP, prev.http(), next.http());
        changed(needRestart, Schema.DETECTOR, prev.detector(), next.detector());
        changed(needRestart, Schema.EVIDENCE, prev.evidence(), next.evidence());
        changed(needRestart, Schema.EXPORT, prev.export(), next.export());
        changed(needRestart, Schema.DISPOSITIONS, prev.dispositions(), next.dispositions());
        changed(needRestart, Schema.CLUSTER, prev.cluster(), next.cluster());
        changed(needRestart, "ingest.queue_per_camera", prev.ingest().queuePerCamera(), next.ingest().queuePerCamera());
        // the tracker uses the new one at once
        changed(needRestart, "tracker.low_score (the detector's floor)", prev.tracker().lowScore(),
                next.tracker().lowScore());
        if (!needRestart.isEmpty()) {
            LOG.warn("config: {} changed; that takes effect at the next restart", String.join(", ", needRestart));
        }
        for (StreetwatchConfig.CameraConfig c : next.cameras()) {
            scenes.put(c.id(), next.scene(c));
        }
        scenes.keySet().removeIf(id -> next.cameras().stream().noneMatch(c -> c.id().equals(id)));
        analysis.pictures().retain(scenes.keySet());
        analysis.recentTracks().retain(scenes.keySet());
        try {
            ingest.cameras().apply(cameras(next));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        config = next;
        if (fleetJoin != null && !prev.cameras().stream().map(StreetwatchConfig.CameraConfig::id).toList()
                .equals(next.cameras().stream().map(StreetwatchConfig.CameraConfig::id).toList())) {
            fleetJoin.member().rebalance();
        }
        String sha = configSha256(next);
        analysis.provenance().configLoaded(sha);
        try {
            storage.configChanges().applied(prev, next, sha);
        } catch (StoreException e) {
            LOG.error("config: applied, but its change could not be recorded in the case log: {}", e.getMessage());
        }
        LOG.info("config reloaded: {} cameras, {} zones", next.cameras().size(),
                next.cameras().stream().mapToInt(c -> c.zones().size()).sum());
    }

    /** Adds {@code what} to the settings read at start only that a reload changed. */
    private static void changed(List<String> needRestart, String what, Object before, Object after) {
        if (!before.equals(after)) {
            needRestart.add(what);
        }
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

    public Reviews reviews() {
        return storage.reviews();
    }

    public int httpPort() {
        return httpPort;
    }

    public CaseStore store() {
        return storage.store();
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** Each camera's aim as last checked (ok, shifted, misaimed, covered, blurred): what the review page shows. */
    public Map<String, org.streetwatch.detector.aim.Condition> cameraConditions() {
        return analysis.stage().conditions();
    }

    CameraFleet fleet() {
        return ingest.cameras();
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
        for (CameraSession s : ingest.cameras().sessions()) {
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
            recording.recorder().drain(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        } catch (TimeoutException e) {
            throw new StartupException("case writing did not finish: " + e.getMessage());
        }
        LOG.info("read {} cameras once: {} frames analysed in {} s", files.size(), analysis.stage().framesAnalyzed(),
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
        return ingest.cameras().allFinished();
    }
}
