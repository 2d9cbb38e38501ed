package org.streetwatch.evidence.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.evidence.integrity.Verifier;
import org.streetwatch.evidence.store.CaseQuery;
import org.streetwatch.evidence.store.CaseStore;
import org.streetwatch.evidence.store.Database;
import org.streetwatch.evidence.store.EvidenceFolder;
import org.streetwatch.violation.Box;
import org.streetwatch.violation.BureauCodes;
import org.streetwatch.violation.Provenance;
import org.streetwatch.violation.Still;
import org.streetwatch.violation.Violation;
import org.streetwatch.violation.ZoneType;

/**
 * The manifest record against what the code before it wrote (test resources {@code fixtures/}, made by that code): the
 * same bytes for the same case, old manifests read and rewritten unchanged, and an old evidence folder (its files
 * purged, so that it stays small) verifies and reads back into the rows that code stored.
 */
class ManifestTest {

    private static final String SIGNED_BY = "ef".repeat(8);

    @Test
    void writesTheBytesTheCodeBeforeItWrote() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("dwell_s", 180.0);
        params.put("min_persons", 2);
        params.put("classes", List.of("person", "stall"));
        params.put("mode", "strict");
        Violation full = new Violation("cam-1-street_vending-plaza-1700000000000" + Violation.WARNING, "cam-1",
                "street_vending", "plaza", ZoneType.NO_VENDING, "Fixture Road 1", "shop-1", 20_000_000L,
                1_700_000_000_123L, 200_000_000L, 1_700_000_180_456L, 20_000_000L, 200_000_000L,
                new LinkedHashMap<>(Map.of("person", 2)), List.of("person#3", "stall#4"),
                List.of(still(20_000_000L, 1_700_000_000_123L), still(200_000_000L, 1_700_000_180_456L)), true,
                new Box(0.3f, 0.4f, 0.5f, 0.8f), new float[] {0.1f, 0.2f, 0.7f})
                .withProvenance(new Provenance("yolo11n", "ab".repeat(32), params, "cd".repeat(32), "1.2.3", -42L))
                .withCodes(new BureauCodes("05", "0501", "33010210100101", 120.1551, 30.2741))
                .measured(Map.of("dwell_s", 180.5, "min_persons", 2.0));
        List<EvidenceFile> files = List.of(new EvidenceFile("clip.mp4", "clip", "11".repeat(32), 2453398),
                new EvidenceFile("still-1.jpg", "still", "22".repeat(32), 137538),
                new EvidenceFile("still-1-annotated.jpg", "still_annotated", "33".repeat(32), 115336));
        assertThat(new String(Manifest.of(full, "20231114-221320-456-abcdef", SIGNED_BY, "north",
                new Manifest.Clip("ok", 15_000_000L, 205_000_000L, "mp4"), files,
                List.of("still-2.jpg", "still-2-annotated.jpg")).bytes())).isEqualTo(new String(fixture("full.json")));

        Violation minimal = new Violation("cam-2-misparked_bikes-kerb-1700000000000", "cam-2", "misparked_bikes",
                "kerb", ZoneType.NO_VENDING, null, null, 1L, 1_700_000_000_000L, 2L, 1_700_000_000_001L, 1L, 2L,
                Map.of(), List.of(), List.of(), false, null, null);
        assertThat(new String(Manifest.of(minimal, "20231114-221320-001-000000", SIGNED_BY, null,
                new Manifest.Clip("missing", null, null, null), List.of(), List.of("clip")).bytes()))
                .isEqualTo(new String(fixture("minimal.json")));
    }

    @Test
    void readsManifestsOfEveryAgeAndWritesThemBackUnchanged() {
        for (String name : List.of("full.json", "minimal.json")) {
            byte[] before = fixture(name);
            assertThat(new String(Manifest.read(before).bytes())).as(name).isEqualTo(new String(before));
        }
        // a manifest from before provenance, bureau codes and measurements were kept: absent keys read as null
        Manifest old = Manifest.read(("{\"case_id\":\"20230101-000000-000-aaaaaa\",\"violation_id\":\"v\","
                + "\"camera\":\"c\",\"rule\":\"street_vending\",\"zone\":\"z\",\"zone_type\":\"no_vending\","
                + "\"onset_at\":\"2023-01-01T00:00:00Z\",\"confirmed_at\":\"2023-01-01T00:03:00Z\",\"counts\":{},"
                + "\"objects\":[],\"clip\":{\"status\":\"ok\"},\"files\":[]}").getBytes());
        Case c = old.recorded(old.dir(), "0".repeat(64), 5L);
        assertThat(c.what().provenance()).isNull();
        assertThat(c.what().codes()).isNull();
        assertThat(c.what().measurements()).isNull();
        assertThat(c.where().district()).isNull();
        assertThat(c.when()).isEqualTo(new Case.When(1_672_531_200_000L, 1_672_531_380_000L, null, 5L));
        assertThat(c.evidence().dir()).isEqualTo("cases/2023/01/01/20230101-000000-000-aaaaaa");
    }

    @Test
    void anEvidenceFolderWrittenBeforeTheRecordsVerifiesAndReadsBackAsItsRows(@TempDir Path dir) throws Exception {
        copyFixture("evidence-v10", dir);
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("cases.db"), null, null)) {
            CaseStore store = new CaseStore(db);
            Verifier.Report r = Verifier.verify(dir, store);
            assertThat(r.problems()).isEmpty();
            assertThat(r.cases()).isEqualTo(3);
            assertThat(r.rows()).isEqualTo(3);
            List<Case> rows = store.list(CaseQuery.all());
            assertThat(rows).hasSize(3);
            for (Case row : rows) {
                byte[] bytes = Files.readAllBytes(dir.resolve(row.evidence().dir()).resolve(Manifest.FILE));
                Case read = CaseRecovery.fromManifest(bytes, row.evidence().dir(), row.when().createdAt());
                assertThat(read.violationId()).isEqualTo(row.violationId());
                assertThat(read.what()).isEqualTo(row.what());
                assertThat(read.where()).isEqualTo(row.where());
                assertThat(read.when()).isEqualTo(new Case.When(row.when().onsetAt(), row.when().confirmedAt(), null,
                        row.when().createdAt()));
                assertThat(read.evidence()).isEqualTo(new Case.Evidence(row.evidence().dir(), row.evidence().files(),
                        row.evidence().clipStatus(), row.evidence().manifestSha256(), null));
                assertThat(read.evidence().manifestSha256()).isEqualTo(EvidenceFolder.sha256(bytes));
            }
        }
    }

    private static Still still(long ptsUs, long wallMs) {
        return new Still(ptsUs, wallMs, 768, 576, new byte[0], List.of(), List.of(), "plaza");
    }

    private static byte[] fixture(String name) {
        try (InputStream in = ManifestTest.class.getResourceAsStream("/fixtures/manifests/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyFixture(String name, Path to) throws Exception {
        Path from = Path.of(ManifestTest.class.getResource("/fixtures/" + name).toURI());
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }
}
