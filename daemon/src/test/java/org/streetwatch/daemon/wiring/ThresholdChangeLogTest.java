package org.streetwatch.daemon.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.streetwatch.ingest.testing.FleetHarness.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.evidence.integrity.CaseLog;
import org.streetwatch.evidence.integrity.Verifier;
import org.streetwatch.hash.Sha256;

/** A threshold changed by editing the config file of a running daemon is a signed case-log entry that verify covers. */
class ThresholdChangeLogTest {

    private static void write(Path file, String dwell) throws Exception {
        LiveReloadTest.write(file, dwell, LiveReloadTest.camera("cam-1", "rtsp://127.0.0.1:9/never-answers"));
    }

    @Test
    void aHandEditedThresholdIsOneSignedEntryWithOldAndNewAndAnEditedEntryIsCaught(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("streetwatch.yaml");
        Path log = dir.resolve("evidence").resolve(CaseLog.FILE);
        write(file, "180");
        String before = Sha256.of(file);
        Daemon d = Daemon.start(ConfigLoader.load(file), false);
        try {
            write(file, "120");
            await("the change logged", Duration.ofSeconds(10), () -> log.toFile().length() > 0);
        } finally {
            d.close();
        }

        List<CaseLog.Entry> entries = CaseLog.read(log);
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.caseId()).isEqualTo("config");
            assertThat(e.event()).isEqualTo("config_changed");
            assertThat(e.actor()).isEqualTo("file");
            assertThat(e.detail()).isEqualTo("cameras.cam-1.zones.z.rules.street_vending.dwell_s: 180 -> 120; "
                    + "config was " + before);
            assertThat(e.manifestSha256()).isEqualTo(Sha256.of(file));
        });
        assertThat(Verifier.verify(dir.resolve("evidence"), null).problems()).isEmpty();

        Files.writeString(log, Files.readString(log).replace("180 -> 120", "180 -> 150"));
        assertThat(Verifier.verify(dir.resolve("evidence"), null).problems())
                .containsExactly("case log entry 1 (config_changed config): its contents were edited (hash does not "
                        + "match)");
    }
}
