package org.streetwatch.evidence.cases;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.evidence.clip.ClipSource;
import org.streetwatch.evidence.integrity.CaseLog;
import org.streetwatch.evidence.integrity.Signer;
import org.streetwatch.evidence.snapshot.SnapshotRenderer;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.EvidenceFolder;
import org.streetwatch.evidence.store.StoreException;
import org.streetwatch.violation.Still;
import org.streetwatch.violation.Violation;

/**
 * Writes one violation's case: stages stills (clean and annotated) and the clip in a staging folder, then the signed
 * manifest, commits the folder to the evidence folder atomically, and only then the case-log entry and the row. A
 * reviewer never sees a case whose files are not durable. Runs on {@link CaseRecorder}'s writer threads.
 */
final class CaseWriter {

    /** Who records a case, in its audit trail and the case log. */
    static final String ACTOR = "streetwatch";

    private static final Logger LOG = LoggerFactory.getLogger(CaseWriter.class);

    private final EvidenceFolder folder;
    private final CaseStore store;
    private final Signer signer;
    private final CaseLog log;
    private final ClipSource clips;
    private final CaseRecorder.Options options;
    private final EvidenceMetrics metrics;
    private final UnaryOperator<String> districtOf;
    private final Executor writers;
    private final Consumer<String> done;

    /**
     * @param writers where the rest of a case is written once its clip's post-roll is there
     * @param done    told each violation id whose case was written, or failed
     */
    CaseWriter(EvidenceFolder folder, CaseStore store, Signer signer, CaseLog log, ClipSource clips,
               CaseRecorder.Options options, EvidenceMetrics metrics, UnaryOperator<String> districtOf,
               Executor writers, Consumer<String> done) {
        this.folder = folder;
        this.store = store;
        this.signer = signer;
        this.log = log;
        this.clips = clips;
        this.options = options;
        this.metrics = metrics;
        this.districtOf = districtOf;
        this.writers = writers;
        this.done = done;
    }

    /** Writes a violation's case (on a writer thread); hands its id to {@code done} once it is written or failed. */
    void write(Violation v) {
        Path dir = null;
        try {
            if (store.existsViolation(v.id())) {
                LOG.debug("violation {} already has a case", v.id());
                done.accept(v.id());
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
            if (folder.usableBytes() >= 0
                    && folder.usableBytes() - CaseRecorder.RESERVE_BYTES < options.minFreeBytes()) {
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
            done.accept(v.id());
        }
    }

    /**
     * Writes a pair of stills if they fit above the reserve; returns false if they were not kept (no room, or the
     * disk filled while writing: what was written of the pair goes, the case goes on without it).
     */
    private boolean keepStills(Path dir, String clean, byte[] cleanJpeg, String annotated, byte[] annotatedJpeg,
                         List<EvidenceFile> files) {
        long free = folder.usableBytes();
        if (free >= 0 && free - cleanJpeg.length - annotatedJpeg.length < CaseRecorder.RESERVE_BYTES) {
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
            Manifest manifest = Manifest.of(v, caseId, Signer.fingerprint(signer.publicKey()),
                    districtOf.apply(v.cameraId()), clip == null ? new Manifest.Clip(clipStatus, null, null, null)
                            : new Manifest.Clip(clipStatus, clip.startUs(), clip.endUs(), clip.container()),
                    files, notKept);
            byte[] bytes = manifest.bytes();
            EvidenceFolder.writeDurably(dir.resolve(Manifest.FILE), bytes);
            EvidenceFolder.writeDurably(dir.resolve("manifest.sig"),
                    signer.sign(bytes).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            folder.commit(dir, manifest.dir());
            committed = true;
            // an end that came while the case was written is recorded by done(), as its own logged event
            Case c = manifest.recorded(manifest.dir(), EvidenceFolder.sha256(bytes), System.currentTimeMillis());
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
            done.accept(v.id());
        }
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

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    static CaseLog.Change created(Case c) {
        return new CaseLog.Change(c.id(), "created", c.evidence().manifestSha256(), ACTOR, c.creationNote(),
                c.when().createdAt());
    }
}
