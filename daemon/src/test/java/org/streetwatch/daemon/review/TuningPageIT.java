package org.streetwatch.daemon.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.daemon.scenario.SeededHistory;
import org.streetwatch.daemon.testing.Chromium;
import org.streetwatch.daemon.testing.ReviewClient;
import org.streetwatch.evidence.integrity.CaseLog;
import org.streetwatch.hash.Sha256;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tuning page and the statistics' breakdowns in a real headless Chromium against a real daemon holding a history
 * of real decided cases: the charts drawn from the daemon's numbers (screenshots kept), the apply refused for a
 * reviewer and, for an operator, written to the config file, applied by the live reload and signed in the case log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TuningPageIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;
    static SeededHistory history;
    static WebDriver page;
    static WebDriverWait wait;

    @BeforeAll
    static void seed() throws Exception {
        history = SeededHistory.seed(dir);
        page = Chromium.start();
        wait = new WebDriverWait(page, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (page != null) {
            page.quit();
        }
        if (history != null) {
            history.close();
        }
    }

    private static void login(String user) {
        page.manage().deleteAllCookies();
        page.get("http://127.0.0.1:" + history.daemon.httpPort() + "/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-user"))).sendKeys(user);
        page.findElement(By.id("login-password")).sendKeys(ReviewClient.PASSWORD);
        page.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("app")));
    }

    private static WebElement figure(String zone, String setting) {
        return page.findElement(By.cssSelector(".tune-place[data-zone='" + zone + "'] figure[data-setting='"
                + setting + "']"));
    }

    /** The shopfront's dwell_s as the API tunes it. */
    private static JsonNode shopfrontDwell(ReviewClient api) throws Exception {
        for (JsonNode p : api.get("/api/tuning?rule=street_vending").get("places")) {
            if (p.get("zone").asString().equals("shopfront")) {
                for (JsonNode t : p.get("thresholds")) {
                    if (t.get("setting").asString().equals("dwell_s")) {
                        return t;
                    }
                }
            }
        }
        throw new AssertionError("no dwell_s tuning for the shopfront");
    }

    @Test
    @Order(1)
    void theChartsDrawWhatEachThresholdValueWouldHaveKept() throws Exception {
        login(SeededHistory.OPERATOR);
        page.findElement(By.id("tab-tune")).click();
        wait.until(d -> !d.findElements(By.cssSelector(".tune-place[data-zone='shopfront'] svg.chart")).isEmpty());
        JsonNode dwell = shopfrontDwell(history.login(SeededHistory.OPERATOR));
        WebElement chart = figure("shopfront", "dwell_s");
        // one point per candidate value on each line, and the value in force and the pick marked
        assertThat(chart.findElements(By.cssSelector("circle.point.confirmed"))).hasSize(dwell.get("rows").size());
        assertThat(chart.findElements(By.cssSelector("circle.point.rejected"))).hasSize(dwell.get("rows").size());
        assertThat(chart.findElements(By.cssSelector("line.mark.now"))).hasSize(1);
        assertThat(chart.findElements(By.cssSelector("line.mark.pick"))).hasSize(1);
        // the confirmed line's last point is lower than its first where the last value keeps fewer: heights follow
        // the counts (the first row keeps every case, the highest value the fewest)
        List<WebElement> confirmed = chart.findElements(By.cssSelector("circle.point.confirmed"));
        JsonNode rows = dwell.get("rows");
        double yFirst = Double.parseDouble(confirmed.get(0).getAttribute("cy"));
        double yLast = Double.parseDouble(confirmed.get(confirmed.size() - 1).getAttribute("cy"));
        int first = rows.get(0).get("confirmed").asInt();
        int last = rows.get(rows.size() - 1).get("confirmed").asInt();
        assertThat(Integer.signum(Double.compare(yLast, yFirst))).isEqualTo(Integer.signum(Integer.compare(first, last)));
        assertThat(chart.getText()).contains("dwell_s").contains(dwell.get("pick").asString().replace(".0", ""));
        Chromium.screenshot(page, "tuning.png");
    }

    @Test
    @Order(2)
    void statisticsBreakDownByZoneAndReasonAndDrawTheDailyTrend() throws Exception {
        login(SeededHistory.OPERATOR);
        page.findElement(By.id("tab-stats")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#stats-daily figure[data-rule='street_vending'] svg")).isEmpty());
        assertThat(page.findElement(By.id("stats-zones")).getText())
                .contains(SeededHistory.CAMERA + " · shopfront").contains(SeededHistory.CAMERA + " · corner");
        assertThat(page.findElement(By.id("stats-reasons")).getText()).contains(SeededHistory.REJECTED_AS + " 2");
        WebElement trend = page.findElement(By.cssSelector("#stats-daily figure[data-rule='street_vending']"));
        assertThat(trend.findElements(By.cssSelector("polyline.series.confirmed"))).hasSize(1);
        assertThat(trend.findElements(By.cssSelector("polyline.series.rejected"))).hasSize(1);
        Chromium.screenshot(page, "stats-breakdowns.png");
    }

    @Test
    @Order(3)
    void applyIsRefusedForAReviewer() throws Exception {
        byte[] before = Files.readAllBytes(history.config);
        ReviewClient reviewer = history.login(SeededHistory.REVIEWER);
        HttpResponse<String> r = reviewer.call("/api/tuning/apply", JSON.writeValueAsString(Map.of(
                "camera", SeededHistory.CAMERA, "zone", "shopfront", "rule", "street_vending", "setting", "dwell_s",
                "value", 30, "version", Sha256.of(before))));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(reviewer.call("/api/tuning", null).statusCode()).isEqualTo(403);
        assertThat(Files.readAllBytes(history.config)).isEqualTo(before);
        login(SeededHistory.REVIEWER);
        assertThat(page.findElement(By.id("tab-tune")).isDisplayed()).isFalse();
    }

    @Test
    @Order(4)
    void anOperatorsApplyIsWrittenReloadedAndSigned() throws Exception {
        ReviewClient api = history.login(SeededHistory.OPERATOR);
        JsonNode dwell = shopfrontDwell(api);
        assertThat(dwell.get("changes").asBoolean()).as("the history asks for a longer dwell").isTrue();
        String pick = dwell.get("pick").asString();
        String before = Sha256.of(history.config);
        login(SeededHistory.OPERATOR);
        page.findElement(By.id("tab-tune")).click();
        wait.until(d -> !d.findElements(By.cssSelector(".tune-place[data-zone='shopfront'] "
                + "figure[data-setting='dwell_s'] button.apply")).isEmpty());
        figure("shopfront", "dwell_s").findElement(By.cssSelector("button.apply")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tune-state"), "dwell_s"));
        Chromium.screenshot(page, "tuning-applied.png");
        // the file holds the zone's override; the rest of the zone as it was
        String file = Files.readString(history.config);
        String written = pick.endsWith(".0") ? pick.substring(0, pick.length() - 2) : pick; // as the page sent it
        assertThat(file).contains("rules: {street_vending: {dwell_s: " + written + "}}")
                .as("the other zone keeps its bytes").contains("      - {id: corner, type: no_vending, polygon: "
                        + "[[0, 0.6], [0.45, 0.6], [0.45, 1], [0, 1]]}\n");
        // the live reload applied it: the value in force is now the pick
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (shopfrontDwell(api).get("in_force").asDouble() != Double.parseDouble(pick)) {
            assertThat(System.nanoTime()).as("reload within 10 s").isLessThan(deadline);
            Thread.sleep(200);
        }
        // and the signed log says who changed what from what
        Path log = ConfigLoader.load(history.config).evidenceDir().resolve(CaseLog.FILE);
        assertThat(CaseLog.read(log)).anySatisfy(e -> {
            assertThat(e.event()).isEqualTo("config_changed");
            assertThat(e.actor()).isEqualTo(SeededHistory.OPERATOR);
            assertThat(e.detail()).startsWith("cameras." + SeededHistory.CAMERA
                    + ".zones.shopfront.rules.street_vending.dwell_s: ").contains(" -> " + written + ";");
            assertThat(e.detail()).contains("config was " + before);
        });
    }
}
