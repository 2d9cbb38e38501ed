package org.streetwatch.daemon.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.daemon.testing.Chromium;
import org.streetwatch.daemon.testing.DemoSetup;
import org.streetwatch.daemon.testing.ReviewClient;
import org.streetwatch.daemon.wiring.Daemon;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.export.proto.CaseReport;
import org.streetwatch.evidence.store.CaseQuery;
import org.streetwatch.evidence.testing.KafkaBroker;
import org.streetwatch.review.auth.Role;

/**
 * The review page in a real headless Chromium against the real daemon: cases made from street footage by the whole
 * pipeline, a reviewer who logs in, watches the clip, confirms one case and rejects another with the keyboard; the
 * confirmed cases exported to a real Kafka broker exactly once, also across a daemon restart between a confirmation
 * and the broker's acknowledgement.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReviewPageIT {

    private static final String TOPIC = "streetwatch.cases";

    @TempDir
    static Path dir;
    static KafkaBroker broker;
    static Path reviewConfig;
    static Daemon daemon;
    static List<Case> cases;

    @BeforeAll
    static void casesFromFootage() throws Exception {
        broker = KafkaBroker.start(dir.resolve("kafka"));
        String export = """
                export:
                  sink: kafka
                  retry_min_s: 0.2
                  retry_max_s: 2
                  kafka:
                    bootstrap_servers: "%s"
                """.formatted(broker.bootstrap());
        Path work = dir.resolve("node");
        StreetwatchConfig record = ConfigLoader.load(DemoSetup.write(work, List.of("campus-1", "campus-2", "campus-3"),
                export));
        try (Daemon d = Daemon.start(record, true)) {
            d.awaitFilesDone(Duration.ofMinutes(5));
        }
        // the same node, now serving reviewers only
        reviewConfig = DemoSetup.write(work, List.of(), export);
        StreetwatchConfig cfg = ConfigLoader.load(reviewConfig);
        // a review-only node has no cameras of its own: its reviewer reviews the recording cameras' districts
        ReviewClient.addUser(cfg, "li.wei", Role.REVIEWER, ReviewClient.districts(record));
        daemon = Daemon.start(cfg, false);
        cases = daemon.store().list(new CaseQuery(CaseStatus.PENDING, null, null, null, null, 100, 0, true));
        assertThat(cases).as("cases from three cameras of street footage").hasSizeGreaterThanOrEqualTo(3);
    }

    @AfterAll
    static void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(1)
    void aReviewerConfirmsOneCaseAndRejectsAnotherInChromium() throws Exception {
        WebDriver page = Chromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(page, Duration.ofSeconds(30));
            JavascriptExecutor js = (JavascriptExecutor) page;
            page.get("http://127.0.0.1:" + daemon.httpPort() + "/");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-user"))).sendKeys("li.wei");
            page.findElement(By.id("login-password")).sendKeys("wrong password");
            page.findElement(By.id("login-submit")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "用户名或密码错误"));
            page.findElement(By.id("login-password")).clear();
            page.findElement(By.id("login-password")).sendKeys(ReviewClient.PASSWORD);
            page.findElement(By.id("login-submit")).click();

            // the queue, oldest first; the first case opens with its clip playing and its snapshots side by side
            wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#queue li"), 2));
            assertThat(page.findElement(By.cssSelector("#app header h1")).getText()).isEqualTo("街面违规案件审核");
            Case first = cases.get(0);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("case-title"), first.id()));
            wait.until(d -> ((Number) js.executeScript("return document.getElementById('clip').readyState")).intValue() >= 2);
            wait.until(d -> ((Number) js.executeScript("return document.getElementById('clip').currentTime")).doubleValue() > 0.5);
            assertThat(((Number) js.executeScript("return document.getElementById('clip').videoWidth")).intValue())
                    .as("the clip decodes in the browser at the camera's resolution").isEqualTo(768);
            List<WebElement> stills = page.findElements(By.cssSelector("#stills img"));
            assertThat(stills).hasSizeGreaterThanOrEqualTo(2);
            wait.until(d -> stills.stream().allMatch(img -> ((Number) js.executeScript(
                    "return arguments[0].naturalWidth", img)).intValue() == 768));
            Chromium.screenshot(page, "review-queue.png");

            // Y confirms; the next case opens by itself
            new Actions(page).sendKeys("y").perform();
            Case second = cases.get(1);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("case-title"), second.id()));
            // N without a reason asks for one; 1 picks "false alarm", N rejects
            new Actions(page).sendKeys("n").perform();
            wait.until(d -> "reason".equals(js.executeScript("return document.activeElement.id")));
            page.findElement(By.id("reason")).sendKeys(org.openqa.selenium.Keys.ESCAPE);
            new Actions(page).sendKeys("1").perform();
            new Actions(page).sendKeys("n").perform();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("decision-state"), second.id()));
            Chromium.screenshot(page, "review-after-decisions.png");

            // English on request
            page.findElement(By.cssSelector("header .lang")).click();
            assertThat(page.findElement(By.cssSelector("#app header h1")).getText()).isEqualTo("Street violation review");

            Case c1 = daemon.store().get(first.id()).orElseThrow();
            Case c2 = daemon.store().get(second.id()).orElseThrow();
            assertThat(c1.review().status()).isIn(CaseStatus.CONFIRMED, CaseStatus.EXPORTED);
            assertThat(c1.review().reviewer()).isEqualTo("li.wei");
            assertThat(c2.review().status()).isEqualTo(CaseStatus.REJECTED);
            assertThat(c2.review().reason()).isEqualTo("误报：不是违规");
        } finally {
            page.quit();
        }
        await(() -> status(cases.get(0)) == CaseStatus.EXPORTED, "the confirmed case is acknowledged by Kafka");
        assertThat(copies(cases.get(0).id())).isEqualTo(1);
        assertThat(copies(cases.get(1).id())).isZero();
        CaseReport r = CaseReport.parseFrom(broker.readAll(TOPIC).stream()
                .filter(x -> x.key().equals(cases.get(0).id())).findFirst().orElseThrow().value());
        assertThat(r.getReviewer()).isEqualTo("li.wei");
        assertThat(r.getCamera()).startsWith("campus-");
    }

    @Test
    @Order(2)
    void aCaseConfirmedBeforeARestartArrivesOnceAfterIt() throws Exception {
        Case third = cases.get(2);
        broker.kill();
        new ReviewClient(daemon.httpPort()).login("li.wei").review(third.id(), "confirm", "");
        Thread.sleep(1500); // the exporter tries, and fails
        assertThat(status(third)).isEqualTo(CaseStatus.CONFIRMED);
        daemon.close();
        broker.start();
        daemon = Daemon.start(ConfigLoader.load(reviewConfig), false);
        await(() -> status(third) == CaseStatus.EXPORTED, "the case confirmed before the restart is acknowledged");
        assertThat(copies(third.id())).isEqualTo(1);
        assertThat(copies(cases.get(0).id())).as("nothing already delivered is sent again").isEqualTo(1);
    }

    private static CaseStatus status(Case c) {
        try {
            return daemon.store().get(c.id()).orElseThrow().review().status();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long copies(String caseId) {
        return broker.readAll(TOPIC).stream().filter(r -> r.key().equals(caseId)).count();
    }

    private static void await(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(200);
        }
    }
}
