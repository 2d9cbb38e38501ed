package org.streetwatch.evidence.cases;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.evidence.clip.ClipSource;
import org.streetwatch.evidence.integrity.CaseLog;
import org.streetwatch.evidence.integrity.Signer;
import org.streetwatch.evidence.nearmiss.NearMisses;
import org.streetwatch.evidence.snapshot.SnapshotRenderer;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.EvidenceFolder;
import org.streetwatch.evidence.store.StoreException;
import org.streetwatch.violation.BureauCodes;
import org.streetwatch.violation.NearMiss;
import org.streetwatch.violation.Provenance;
import org.streetwatch.violation.Still;
import org.streetwatch.violation.Violation;
import org.streetwatch.violation.ViolationSink;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns confirmed violations into cases: stills (clean and annotated), a clip remuxed from the camera's ring with pre-
 * and post-roll, a manifest of every file's SHA-256, all committed to the evidence folder atomically, and only then the
 * case row. A reviewer never sees a case whose files are not durable.
 *
 * <p>Threads: violations arrive on analysis threads and are handed at once to this recorder's own writer pool (two
 * platform threads). Its queue is bounded; when it is full the analysis thread writes the case itself: under a flood
 * of cases analysis slows down (and live cameras drop frames upstream) rather than a case being lost. The clip's
 * post-roll is waited for without holding a writer thread.
 */
public final class CaseRecorder implements ViolationSink, AutoCloseable {

    /**
     * @param preRollUs   video kept before the event
     * @param postRollUs  video kept after the event
     * @param minFreeBytes below this much free disk beyond {@link #RESERVE_BYTES}, clips are skipped (the case is
     *                     still recorded, flagged)
     * @param timeZone    for the time printed on annotated stills
     */
    public record Options(long preRollUs, long postRollUs, long minFreeBytes, ZoneId timeZone) {
    }

    /**
     * Disk kept free for the smallest case (manifest, signature, case-log line and database row): stills are written
     * only while they leave this much, clips only while they leave {@code minFreeBytes} more. It covers a SQLite
     * database on the same disk, whose write-ahead log grows up to its 4 MB auto-checkpoint, and many cases kept at
     * that size while the disk stays full.
     */
    public static final long RESERVE_BYTES = 8L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(CaseRecorder.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final tools.jackson.core.type.TypeReference<Map<String, Double>> MEASUREMENTS =
            new tools.jackson.core.type.TypeReference<>() { };
    private static final String ACTOR = "streetwatch";

    private final EvidenceFolder folder;
    private final CaseStore store;
    private final Signer signer;
    private final CaseLog log;
    private final ClipSource clips;
    private final Options options;
    private final EvidenceMetrics metrics;
    private final UnaryOperator<String> districtOf;
    private final NearMisses nearMisses;
    private final ThreadPoolExecutor writers;
    private final Object endLock = new Object();
    private final Set<String> writing = new HashSet<>();
    private final Map<String, Long> pendingEnds = new HashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * @param districtOf a camera's district as configured now (read when its case is recorded), or null
     * @param nearMisses where near misses are kept, or null to keep none
     */
    public CaseRecorder(EvidenceFolder folder, CaseStore store, Signer signer, CaseLog log, ClipSource clips,
                        Options options, EvidenceMetrics metrics, UnaryOperator<String> districtOf,
                        NearMisses nearMisses) {
        this.folder = folder;
        this.store = store;
        this.signer = signer;
        this.log = log;
        this.clips = clips;
        this.options = options;
        this.metrics = metrics;
        this.districtOf = districtOf;
        this.nearMisses = nearMisses;
        AtomicInteger n = new AtomicInteger();
        this.writers = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256), r -> {
            Thread t = new Thread(r, "case-writer-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    }

    @Override
    public void confirmed(Violation v) {
        synchronized (endLock) {
            if (!writing.add(v.id())) {
                return;
            }
        }
        inFlight.incrementAndGet();
        writers.execute(() -> stage(v));
    }

    /** A warning to a unit is recorded like a violation (its id says what it is), then marked warned. */
    @Override
    public void warned(Violation v) {
        confirmed(v);
    }

    /** Stored by a case writer (a full queue makes the analysis thread store it itself, as with cases). */
    @Override
    public void nearMiss(NearMiss m) {
        if (nearMisses == null) {
            return;
        }
        inFlight.incrementAndGet();
        writers.execute(() -> {
            try {
                nearMisses.record(new NearMisses.Row(m.cameraId(), m.rule(), m.zoneId(), m.ptsUs(), m.wallMs(),
                        districtOf.apply(m.cameraId()), m.reason(), m.params(), m.measurements()));
            } catch (StoreException e) {
                LOG.error("near miss of {} on camera {}: {}", m.rule(), m.cameraId(), e.getMessage());
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    @Override
    public void ended(Violation v, long endUs, long endWallMs) {
        synchronized (endLock) {
            if (writing.contains(v.id())) {
                pendingEnds.put(v.id(), endWallMs);
                return;
            }
        }
        inFlight.incrementAndGet(); // drain() waits for the end to be recorded too
        writers.execute(() -> {
            try {
                store.ended(v.id(), endWallMs, log::appendCommitted);
            } catch (StoreException e) {
                LOG.error("{}", e.getMessage());
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    private void stage(Violation v) {
        Path dir = null;
        try {
            if (store.existsViolation(v.id())) {
                LOG.debug("violation {} already has a case", v.id());
                done(v.id());
                return;
            }
            String caseId = CaseIds.next(v.confirmWallMs());
            dir = folder.stage(caseId);
            List<EvidenceFile> files = new ArrayList<>();
            List<String> notKept = new ArrayList<>();
            int i = 1;
            for (Still s : v.stills()) {
                String clean = "still-" + i + ".jpg";
                String annotated = "still-" + i + "-annotated.jpg";
                byte[] marked = SnapshotRenderer.annotate(s, header(v, s));
                if (!keepStills(dir, clean, s.jpeg(), annotated, marked, files)) {
                    metrics.stillsSkipped(2);
                    notKept.add(clean);
                    notKept.add(annotated);
                }
                i++;
            }
            if (folder.usableBytes() >= 0 && folder.usableBytes() - RESERVE_BYTES < options.minFreeBytes()) {
                metrics.clipSkipped();
                notKept.add("clip");
                finish(v, caseId, dir, files, notKept, null, "missing");
                return;
            }
            long from = v.eventStartUs() - options.preRollUs();
            long to = v.eventEndUs() + options.postRollUs();
            Path staged = dir;
            clips.clip(v.cameraId(), from, to, dir, "clip").whenCompleteAsync((clip, err) -> {
                if (err != null) {
                    LOG.warn("case {}: no clip: {}", caseId, rootMessage(err));
                    removeClip(staged); // what a failed remux left (a full disk) would be counted as evidence
                }
                finish(v, caseId, staged, files, notKept, err == null ? clip : null, err != null ? "missing"
                        : clip.truncated() ? "truncated" : "ok");
            }, writers);
        } catch (IOException | StoreException | RuntimeException e) {
            LOG.error("violation {}: cannot write its case: {}", v.id(), e.getMessage(), e);
            metrics.caseFailed();
            discard(dir);
            done(v.id());
        }
    }

    /**
     * Writes a pair of stills if they fit above the reserve; returns false if they were not kept (no room, or the
     * disk filled while writing: what was written of the pair goes, the case goes on without it).
     */
    private boolean keepStills(Path dir, String clean, byte[] cleanJpeg, String annotated, byte[] annotatedJpeg,
                         List<EvidenceFile> files) {
        long free = folder.usableBytes();
        if (free >= 0 && free - cleanJpeg.length - annotatedJpeg.length < RESERVE_BYTES) {
            return false;
        }
        try {
            EvidenceFile a = write(dir, clean, "still", cleanJpeg);
            EvidenceFile b = write(dir, annotated, "still_annotated", annotatedJpeg);
            files.add(a);
            files.add(b);
            return true;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(dir.resolve(clean));
                Files.deleteIfExists(dir.resolve(annotated));
            } catch (IOException ignored) {
                // the staging folder goes with the case if this fails too
            }
            return false;
        }
    }

    private static void removeClip(Path dir) {
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.getFileName().toString().startsWith("clip.")) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot remove a partial clip from {}: {}", dir, e.getMessage());
        }
    }

    /** Removes the staging folder of a case that could not be written, so no crash is blamed for it later. */
    private void discard(Path dir) {
        if (dir != null) {
            try {
                folder.unstage(dir);
            } catch (IOException e) {
                LOG.warn("cannot remove {}: {}", dir, e.getMessage());
            }
        }
    }

    private void finish(Violation v, String caseId, Path dir, List<EvidenceFile> stills, List<String> notKept,
                        ClipSource.Clip clip, String clipStatus) {
        boolean committed = false;
        try {
            List<EvidenceFile> files = new ArrayList<>();
            if (clip != null) {
                EvidenceFolder.fsync(clip.file());
                files.add(new EvidenceFile(clip.file().getFileName().toString(), "clip",
                        EvidenceFolder.sha256(clip.file()), Files.size(clip.file())));
            }
            files.addAll(stills);
            String rel = EvidenceFolder.relativeDir(caseId, v.confirmWallMs());
            String district = districtOf.apply(v.cameraId());
            byte[] manifest = manifest(v, district, caseId, files, notKept, clip, clipStatus,
                    Signer.fingerprint(signer.publicKey()));
            EvidenceFolder.writeDurably(dir.resolve("manifest.json"), manifest);
            EvidenceFolder.writeDurably(dir.resolve("manifest.sig"),
                    signer.sign(manifest).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            folder.commit(dir, rel);
            committed = true;
            // an end that came while the case was written is recorded by done(), as its own logged event
            Case c = new Case(caseId, v.id(), v.cameraId(), v.rule(), v.zoneId(), v.zoneType().key(), v.place(),
                    v.unit(), v.onsetWallMs(), v.confirmWallMs(), null, v.counts(), v.objects(), files, rel,
                    clipStatus, EvidenceFolder.sha256(manifest), CaseStatus.PENDING, null, null, null,
                    System.currentTimeMillis(), v.area() == null ? null : new float[] {v.area().x1(), v.area().y1(),
                    v.area().x2(), v.area().y2()}, v.appearance(), null, district,
                    v.provenance(), v.codes(), v.measurements());
            if (!notKept.isEmpty()) {
                LOG.warn("evidence disk full ({} MB free): case {} recorded without {}", folder.usableBytes() >> 20,
                        caseId, String.join(", ", notKept));
            }
            log.append(created(c));
            if (store.insert(c, ACTOR)) {
                if (Violation.warning(v.id())) {
                    store.review(caseId, CaseStatus.WARNED, ACTOR, "warning to unit " + v.unit(),
                            System.currentTimeMillis(), log::appendCommitted);
                }
                metrics.caseRecorded(v.rule(), v.cameraId());
                LOG.info("case {}: {} on camera {} zone {} ({} files, clip {})", caseId, v.rule(), v.cameraId(),
                        v.zoneId(), files.size(), clipStatus);
            }
        } catch (IOException | StoreException | CaseStore.TransitionException | RuntimeException e) {
            LOG.error("case {}: cannot commit: {}", caseId, e.getMessage(), e);
            metrics.caseFailed();
            if (!committed) {
                discard(dir);
            }
        } finally {
            done(v.id());
        }
    }

    private void done(String violationId) {
        Long late;
        synchronized (endLock) {
            writing.remove(violationId);
            late = pendingEnds.remove(violationId);
        }
        if (late != null) {
            try {
                store.ended(violationId, late, log::appendCommitted);
            } catch (StoreException e) {
                LOG.error("{}", e.getMessage());
            }
        }
        inFlight.decrementAndGet();
    }

    private static EvidenceFile write(Path dir, String name, String role, byte[] bytes) throws IOException {
        EvidenceFolder.writeDurably(dir.resolve(name), bytes);
        return new EvidenceFile(name, role, EvidenceFolder.sha256(bytes), bytes.length);
    }

    private String header(Violation v, Still s) {
        return v.cameraId() + "  " + v.rule() + "  zone " + v.zoneId() + "  "
                + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z").withZone(options.timeZone())
                .format(Instant.ofEpochMilli(s.wallMs()));
    }

    private static byte[] manifest(Violation v, String district, String caseId, List<EvidenceFile> files,
                                   List<String> notKept, ClipSource.Clip clip, String clipStatus,
                                   String keyFingerprint) {
        ObjectNode m = JSON.createObjectNode();
        m.put("case_id", caseId);
        m.put("signed_by", keyFingerprint);
        m.put("violation_id", v.id());
        m.put("camera", v.cameraId());
        m.put("district", district);
        m.put("rule", v.rule());
        m.put("zone", v.zoneId());
        m.put("zone_type", v.zoneType().key());
        m.put("place", v.place());
        m.put("unit", v.unit());
        if (Violation.warning(v.id())) {
            m.put("warning", true);
        }
        m.put("onset_at", Instant.ofEpochMilli(v.onsetWallMs()).toString());
        m.put("confirmed_at", Instant.ofEpochMilli(v.confirmWallMs()).toString());
        m.put("onset_camera_us", v.onsetUs());
        m.put("confirmed_camera_us", v.confirmUs());
        m.set("counts", JSON.valueToTree(v.counts()));
        m.set("objects", JSON.valueToTree(v.objects()));
        if (v.area() != null) {
            m.set("area", JSON.valueToTree(new float[] {v.area().x1(), v.area().y1(), v.area().x2(), v.area().y2()}));
            m.set("appearance", JSON.valueToTree(v.appearance()));
        }
        ArrayNode stills = m.putArray("stills");
        for (Still s : v.stills()) {
            stills.addObject().put("at", Instant.ofEpochMilli(s.wallMs()).toString()).put("camera_us", s.ptsUs());
        }
        ObjectNode c = m.putObject("clip").put("status", clipStatus);
        if (clip != null) {
            c.put("start_camera_us", clip.startUs()).put("end_camera_us", clip.endUs()).put("container", clip.container());
        }
        m.set("files", JSON.valueToTree(files));
        if (v.provenance() != null) {
            m.set("provenance", JSON.valueToTree(v.provenance()));
        }
        if (v.codes() != null) {
            m.set("bureau_codes", JSON.valueToTree(v.codes()));
        }
        m.set("measurements", JSON.valueToTree(v.measurements()));
        if (!notKept.isEmpty()) {
            m.set("not_kept", JSON.valueToTree(notKept)); // the disk was full: what the case lacks, and why
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m);
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /**
     * Puts back what a crash between committing a case's folder and its database row left out: every committed
     * folder without a row gets its row (from its manifest) and, if the log lacks it, its log entry. Returns how many.
     */
    public int recover() throws StoreException, IOException {
        java.util.Set<String> known = new java.util.HashSet<>(store.ids());
        Map<String, Long> logged = new HashMap<>(); // case id -> when its creation was logged
        for (CaseLog.Entry e : CaseLog.read(folder.root().resolve(CaseLog.FILE))) {
            if (e.event().equals("created")) {
                logged.put(e.caseId(), e.at());
            }
        }
        int n = 0;
        for (Path dir : folder.caseDirs()) {
            String id = dir.getFileName().toString();
            if (known.contains(id)) {
                continue;
            }
            byte[] manifest = Files.readAllBytes(dir.resolve("manifest.json"));
            Case c = fromManifest(manifest, folder.root().relativize(dir).toString().replace('\\', '/'),
                    logged.getOrDefault(id, System.currentTimeMillis()));
            if (!logged.containsKey(id)) {
                log.append(created(c));
            }
            if (store.insert(c, ACTOR)) {
                n++;
                LOG.warn("case {}: recovered its database row from its manifest (the last run stopped in between)", id);
            }
        }
        return n;
    }

    private static CaseLog.Change created(Case c) {
        return new CaseLog.Change(c.id(), "created", c.manifestSha256(), ACTOR, c.creationNote(), c.createdAt());
    }

    static Case fromManifest(byte[] bytes, String rel, long createdAt) {
        tools.jackson.databind.JsonNode m = JSON.readTree(bytes);
        java.util.Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        m.path("counts").properties().forEach(e -> counts.put(e.getKey(), e.getValue().asInt()));
        List<String> objects = new ArrayList<>();
        m.path("objects").values().forEach(o -> objects.add(o.asString()));
        List<EvidenceFile> files = new ArrayList<>();
        for (tools.jackson.databind.JsonNode f : m.path("files")) {
            files.add(new EvidenceFile(f.path("name").asString(), f.path("role").asString(), f.path("sha256").asString(),
                    f.path("bytes").asLong()));
        }
        float[] area = m.has("area") ? JSON.convertValue(m.get("area"), float[].class) : null;
        float[] look = m.has("appearance") ? JSON.convertValue(m.get("appearance"), float[].class) : null;
        return new Case(m.path("case_id").asString(), m.path("violation_id").asString(), m.path("camera").asString(),
                m.path("rule").asString(), m.path("zone").asString(), m.path("zone_type").asString(),
                m.path("place").asString(null), m.path("unit").asString(null),
                Instant.parse(m.path("onset_at").asString()).toEpochMilli(),
                Instant.parse(m.path("confirmed_at").asString()).toEpochMilli(), null, counts, objects, files, rel,
                m.path("clip").path("status").asString(), EvidenceFolder.sha256(bytes), CaseStatus.PENDING, null, null,
                null, createdAt, area, look, null, m.path("district").asString(null),
                m.has("provenance") ? JSON.convertValue(m.get("provenance"), Provenance.class) : null,
                m.has("bureau_codes") ? JSON.convertValue(m.get("bureau_codes"), BureauCodes.class) : null,
                m.has("measurements") ? JSON.convertValue(m.get("measurements"), MEASUREMENTS) : null);
    }

    /** Cases confirmed but not yet committed (waiting for post-roll or being written). */
    public int inFlight() {
        return inFlight.get();
    }

    /** Waits until every case confirmed (and near miss seen) so far is committed. */
    public void drain(Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(inFlight.get() + " cases still being written");
            }
            Thread.sleep(20);
        }
    }

    /** Lets the cases in flight finish (their post-roll is complete once the cameras stopped), then stops. */
    @Override
    public void close() throws InterruptedException {
        try {
            drain(Duration.ofSeconds(60));
        } catch (TimeoutException e) {
            LOG.warn("stopping with {} cases unwritten", inFlight.get());
        }
        writers.shutdown();
        if (!writers.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("case writers did not finish in 30 s");
            writers.shutdownNow();
        }
    }
}
