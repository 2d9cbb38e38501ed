package org.streetwatch.review.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.export.CaseReports;
import org.streetwatch.evidence.export.Exporter;
import org.streetwatch.evidence.export.FolderSink;
import org.streetwatch.evidence.integrity.CaseLog;
import org.streetwatch.evidence.integrity.Verifier;
import org.streetwatch.evidence.testing.Evidence;
import org.streetwatch.evidence.testing.Tmpfs;
import org.streetwatch.review.auth.Role;
import org.streetwatch.review.auth.Sessions;
import org.streetwatch.review.auth.Users;
import org.streetwatch.review.http.HttpServer;
import org.streetwatch.review.http.Router;
import tools.jackson.databind.json.JsonMapper;

/**
 * A reviewer's confirm whose commit fails on a full disk (a real tmpfs, filled) after its case-log entry was
 * written: the reviewer gets an error, the log says why, and after a restart the case is still pending, nothing is
 * exported, and verify finds nothing wrong.
 */
class FailedReviewTest {

    private static final String PASSWORD = "correct horse battery";
    private static final int PAGE = 4096;

    @Test
    void aConfirmReportedAsFailedOnAFullDiskNeverTakesEffect(@TempDir Path dir) throws Exception {
        Tmpfs tmpfs = Tmpfs.mount(dir.resolve("disk"), 16);
        Path disk = tmpfs.dir();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        try {
            Path evidence = disk.resolve("evidence");
            Path filler = disk.resolve("filler");
            Case c;
            try (Evidence ev = new Evidence(evidence)) {
                c = ev.record("cam-full", 1).get(0);
                Users users = new Users(ev.db);
                users.add("li.wei", Role.REVIEWER, java.util.Set.of(Evidence.MAIN), PASSWORD.toCharArray());
                Router router = new Router();
                ReviewApi.register(router, ev.reviews, ev.folder, users, new Sessions(users, 3_600_000, 86_400_000),
                        false, null, ev.nearMisses);
                try (HttpServer server = new HttpServer(router, new HttpServer.Limits(64 * 1024, 100, 100,
                        Duration.ofSeconds(60), Duration.ofSeconds(30), 0))) {
                    int port = server.start("127.0.0.1", 0);
                    HttpClient http = HttpClient.newHttpClient();
                    HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/api/login")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers
                            .ofString("{\"user\":\"li.wei\",\"password\":\"" + PASSWORD + "\"}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
                    String csrf = JsonMapper.builder().build().readTree(login.body()).path("csrf").asString();

                    // one page left: room for the case-log entry, none for the database's commit
                    fill(filler);
                    root.addAppender(logged);
                    HttpResponse<String> confirm = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + port + "/api/cases/" + c.id() + "/review")).header("Content-Type", "application/json")
                            .header("Cookie", cookie).header("X-CSRF-Token", csrf)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"decision\":\"confirm\"}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    root.detachAppender(logged);
                    assertThat(confirm.statusCode()).as(confirm.body()).isEqualTo(500);
                }
                assertThat(ev.store.get(c.id()).orElseThrow().review().status()).isEqualTo(CaseStatus.PENDING);
            }
            // the server's log of the 500 names the full disk, not the failed rollback that followed it
            List<String> failures = logged.list.stream().filter(e -> e.getFormattedMessage().endsWith("/review failed"))
                    .map(e -> e.getThrowableProxy().getMessage()).toList();
            assertThat(failures).hasSize(1);
            assertThat(failures.get(0)).contains("SQLITE_FULL", "database or disk is full")
                    .doesNotContain("cannot rollback");
            Files.delete(filler);

            // the next start: nothing to catch up, nothing confirmed, nothing to export, nothing wrong
            try (Evidence ev = new Evidence(evidence)) {
                assertThat(ev.reviews.catchUp(evidence.resolve(CaseLog.FILE))).isZero();
                assertThat(ev.store.get(c.id()).orElseThrow().review().status()).isEqualTo(CaseStatus.PENDING);
                try (Exporter exporter = new Exporter(ev.reviews, new CaseReports(ev.folder, "k"),
                        new FolderSink(dir.resolve("export")), Duration.ofSeconds(1),
                        java.time.Duration.ofSeconds(1), ev.registry)) {
                    assertThat(exporter.status().waiting()).isZero();
                }
                assertThat(Verifier.verify(evidence, ev.store).problems()).isEmpty();
                ev.reviews.decide(c.id(), CaseStatus.CONFIRMED, "li.wei", null); // the reviewer tries again
                assertThat(Verifier.verify(evidence, ev.store).problems()).isEmpty();
            }
        } finally {
            tmpfs.close();
        }
    }

    /** Fills the filesystem, then gives one page back. */
    private static void fill(Path filler) throws IOException {
        try (FileChannel ch = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer page = ByteBuffer.allocate(PAGE);
            try {
                while (true) {
                    page.clear();
                    ch.write(page);
                }
            } catch (IOException full) {
                ch.truncate(ch.size() / PAGE * PAGE - PAGE);
            }
        }
    }
}
