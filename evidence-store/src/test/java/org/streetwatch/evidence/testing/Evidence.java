package org.streetwatch.evidence.testing;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Assumptions;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseRecorder;
import org.streetwatch.evidence.cases.EvidenceMetrics;
import org.streetwatch.evidence.cases.Reviews;
import org.streetwatch.evidence.clip.ClipSource;
import org.streetwatch.evidence.integrity.CaseLog;
import org.streetwatch.evidence.integrity.Signer;
import org.streetwatch.evidence.nearmiss.NearMisses;
import org.streetwatch.evidence.store.CaseQuery;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.Database;
import org.streetwatch.evidence.store.EvidenceFolder;
import org.streetwatch.ingest.clip.Remuxer;
import org.streetwatch.ingest.packet.PacketRing;
import org.streetwatch.ingest.testing.Footage;
import org.streetwatch.violation.Box;
import org.streetwatch.violation.BureauCodes;
import org.streetwatch.violation.NearMiss;
import org.streetwatch.violation.Still;
import org.streetwatch.violation.Violation;
import org.streetwatch.violation.ZoneType;

/**
 * A real evidence store in a temporary folder (SQLite unless a JDBC URL is given), and real cases in it: stills from
 * real street footage and clips remuxed from that footage's packets, written by the real {@link CaseRecorder}.
 */
public final class Evidence implements AutoCloseable {

    /** The databases every store test runs on, as a JUnit method source: {@code @MethodSource(Evidence.DATABASES)}. */
    public static final String DATABASES = "org.streetwatch.evidence.testing.Evidence#databases";

    public static java.util.stream.Stream<String> databases() {
        return java.util.stream.Stream.of("sqlite", "postgresql");
    }

    /**
     * A store on SQLite in {@code dir}, or on the real PostgreSQL server {@code STREETWATCH_TEST_PG_URL} names (with
     * {@code _USER}, {@code _PASSWORD}; {@code .ci/run} starts one, and under CI it must be there), its schema emptied.
     */
    public static Evidence open(String kind, Path dir) throws Exception {
        if (kind.equals("sqlite")) {
            return new Evidence(dir);
        }
        String url = System.getenv("STREETWATCH_TEST_PG_URL");
        if (url == null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but STREETWATCH_TEST_PG_URL is not set: .ci/run starts PostgreSQL");
            }
            Assumptions.abort("no PostgreSQL: set STREETWATCH_TEST_PG_URL (scripts/test does)");
        }
        String user = System.getenv("STREETWATCH_TEST_PG_USER");
        String password = System.getenv("STREETWATCH_TEST_PG_PASSWORD");
        // plain JDBC: opening a Database migrates first, which fails on a schema another branch migrated further
        try (Connection con = java.sql.DriverManager.getConnection(url, user, password);
             Statement st = con.createStatement()) {
            st.execute("DROP SCHEMA public CASCADE");
            st.execute("CREATE SCHEMA public");
        }
        return new Evidence(dir, url, user, password);
    }

    private static PacketRing footage;
    private static byte[] still;

    public final Path root;
    public final Database db;
    public final EvidenceFolder folder;
    public final Signer signer;
    public final CaseLog log;
    public final CaseStore store;
    public final Reviews reviews;
    public final NearMisses nearMisses;
    public final PrometheusRegistry registry = new PrometheusRegistry();
    /** Each camera's district as the recorder reads it (set before recording); cameras not in it are in {@link #MAIN}. */
    public final Map<String, String> districts = new java.util.concurrent.ConcurrentHashMap<>();
    public static final String MAIN = "main";
    private final CaseRecorder recorder;
    /** The responsible unit of the cases recorded from now on; null: a unit of their own each ("shop-K"). */
    public volatile String unit;
    /** Record warnings to the unit (a grace period's first sighting) instead of violations. */
    public volatile boolean warnings;
    /** Near misses kept per camera and rule. */
    public static final int NEAR_MISSES_KEPT = 3;
    private int next;

    public Evidence(Path root) throws Exception {
        this(root, "jdbc:sqlite:" + root.resolve("cases.db"), null, null);
    }

    public Evidence(Path root, String url, String user, String password) throws Exception {
        this(root, url, user, password, 0);
    }

    /** @param minFreeBytes below this much free disk, cases are recorded without clips */
    public Evidence(Path root, long minFreeBytes) throws Exception {
        this(root, "jdbc:sqlite:" + root.resolve("cases.db"), null, null, minFreeBytes);
    }

    private Evidence(Path root, String url, String user, String password, long minFreeBytes) throws Exception {
        this.root = root;
        this.db = Database.open(url, user, password);
        this.folder = new EvidenceFolder(root);
        this.signer = Signer.open(root);
        this.log = CaseLog.open(root, signer);
        this.store = new CaseStore(db);
        this.reviews = new Reviews(store, log);
        this.nearMisses = new NearMisses(db, NEAR_MISSES_KEPT);
        this.recorder = new CaseRecorder(folder, store, signer, log, Evidence::clip,
                new CaseRecorder.Options(5_000_000, 5_000_000, minFreeBytes, ZoneId.of("Asia/Shanghai")),
                new EvidenceMetrics(registry, folder::usableBytes), camera -> districts.getOrDefault(camera, MAIN),
                nearMisses);
    }

    /** A rule's near miss, as the daemon hands it to the recorder; stored once the recorder drains. */
    public void nearMiss(NearMiss m) throws Exception {
        recorder.nearMiss(m);
        recorder.drain(Duration.ofSeconds(60));
    }

    /** Records {@code n} cases of street vending on camera {@code camera}; returns them, oldest first. */
    public List<Case> record(String camera, int n) throws Exception {
        return record(camera, n, false);
    }

    /**
     * @param endWhileWritten each violation ends right after it is confirmed, while its case is still being written
     *                        (a short violation whose clip waits for its post-roll)
     */
    public List<Case> record(String camera, int n, boolean endWhileWritten) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = next++;
            long onsetUs = 20_000_000L + k * 3_000_000L;
            long wall = System.currentTimeMillis() - (n - i) * 60_000L;
            Box area = new Box(0.3f, 0.4f, 0.5f, 0.8f);
            List<Still> stills = List.of(still(onsetUs, wall), still(onsetUs + 10_000_000, wall + 10_000));
            Violation v = new Violation(camera + "-fixture-" + k + "-" + wall + (warnings ? Violation.WARNING : ""), camera, "street_vending", "plaza",
                    ZoneType.NO_VENDING, "Fixture Road " + k, unit != null ? unit : "shop-" + k, onsetUs, wall, onsetUs + 10_000_000,
                    wall + 10_000, onsetUs, onsetUs + 10_000_000, Map.of("person", 2, "stall", 1),
                    List.of("person#" + k, "stall#" + k), stills, true, area, new float[] {0.1f, 0.2f, 0.7f})
                    .withCodes(new BureauCodes("05", "0501", "33010210100101", 120.1551, 30.2741))
                    .measured(Map.of("dwell_s", 180.5, "min_persons", 2.0, "min_props", 1.0));
            if (warnings) {
                recorder.warned(v);
            } else {
                recorder.confirmed(v);
            }
            if (endWhileWritten) {
                recorder.ended(v, onsetUs + 12_000_000, wall + 12_000);
            }
            ids.add(v.id());
        }
        recorder.drain(Duration.ofSeconds(60));
        List<Case> out = new ArrayList<>();
        for (Case c : store.list(CaseQuery.all())) {
            if (ids.contains(c.violationId())) {
                out.add(c);
            }
        }
        out.sort(java.util.Comparator.comparing(Case::id));
        return out;
    }

    private static Still still(long ptsUs, long wallMs) {
        return new Still(ptsUs, wallMs, 768, 576, jpeg(), List.of(new Still.Mark(new Box(200, 150, 330, 480),
                "person #1 0.91")), List.of(new double[] {0.1, 0.3}, new double[] {0.9, 0.3}, new double[] {0.9, 0.95},
                new double[] {0.1, 0.95}), "plaza");
    }

    /** One frame of the footage as a JPEG. */
    private static synchronized byte[] jpeg() {
        if (still == null) {
            try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(Footage.vtestGop2s().toFile());
                 OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat()) {
                g.start();
                g.setTimestamp(20_000_000);
                Frame f = g.grabImage();
                Mat m = conv.convert(f);
                try (BytePointer buf = new BytePointer()) {
                    opencv_imgcodecs.imencode(".jpg", m, buf);
                    still = buf.getStringBytes();
                }
                g.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return still;
    }

    /** Clips cut from the footage's packets, as the daemon cuts them from a camera's ring. */
    private static CompletableFuture<ClipSource.Clip> clip(String camera, long fromUs, long toUs, Path dir, String base) {
        return ring().slice(Math.max(0, fromUs), toUs).thenApply(slice -> {
            try {
                Path file = dir.resolve(base + "." + Remuxer.containerFor(slice.stream()));
                Remuxer.Written w = Remuxer.write(slice, file);
                return new ClipSource.Clip(file, w.container(), w.startUs(), w.endUs(), slice.truncated());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static synchronized PacketRing ring() {
        if (footage == null) {
            try {
                footage = Footage.ring(Footage.vtestGop2s());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return footage;
    }

    @Override
    public void close() throws Exception {
        recorder.close();
        db.close();
    }
}
