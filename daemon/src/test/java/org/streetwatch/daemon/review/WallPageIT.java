package org.streetwatch.daemon.review;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.daemon.scenario.Scenes;
import org.streetwatch.daemon.testing.Chromium;
import org.streetwatch.daemon.testing.ReviewClient;
import org.streetwatch.daemon.wiring.Daemon;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.integrity.CaseLog;
import org.streetwatch.evidence.store.CaseQuery;
import org.streetwatch.ingest.testing.Footage;
import org.streetwatch.ingest.testing.RtspServer;
import org.streetwatch.ingest.testing.SharedData;
import org.streetwatch.review.auth.Role;

/**
 * The camera wall and the zone editor in a real headless Chromium against the real daemon: a camera streamed by
 * GStreamer's RTSP server shows its picture on the wall, a camera that never answers stands out as down, an operator
 * draws a zone with the mouse around a vendor's stall (composited into the campus footage, there all along) and saves
 * it, the file on disk holds it (comments kept), the daemon applies it without a restart and a case lands in it; an
 * invalid polygon and an out-of-range setting are refused with the message on the page and the file untouched; a
 * reviewer cannot open the editor; a wall scrolled past the server's largest page (500 tiles) reloads whole when a
 * camera is added.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WallPageIT {

    private static final String OPERATOR = "wang.fang";
    private static final String REVIEWER = "li.wei";
    private static final String CAMERA = "street-1";

    @TempDir
    static Path dir;
    static RtspServer rtsp;
    static Path config;
    static Daemon daemon;
    static WebDriver page;
    static WebDriverWait wait;

    @BeforeAll
    static void liveCamera() throws Exception {
        // six minutes of a stall: whenever the zone is saved, the vendor stands in it (the campus footage's own
        // pedestrians only stop for seconds, too briefly for a case at the analysis rate of a live camera)
        rtsp = RtspServer.start(Map.of("street", Footage.looped(Scenes.standingVendor(60), 6)));
        config = dir.resolve("streetwatch.yaml");
        Files.writeString(config, """
                # WallPageIT: one live camera over RTSP, one that never answers
                http: {bind: 127.0.0.1, port: 0}
                detector:
                  model: yolox_nano
                  models_dir: "%s"
                evidence:
                  dir: evidence
                  min_free_mb: 100
                tracker:
                  stationary_min_s: 2
                review:
                  wall_picture_s: 1
                rules:
                  street_vending:
                    dwell_s: 8        # short, for minutes of footage
                cameras:
                  - id: %s   # the GStreamer RTSP server's street footage
                    url: "%s"
                    place: "PETS 2009 campus"
                    zones: []
                  - id: dark-1
                    url: "rtsp://127.0.0.1:9/none"
                """.formatted(SharedData.models(), CAMERA, rtsp.url("street")));
        StreetwatchConfig cfg = ConfigLoader.load(config);
        ReviewClient.addUser(cfg, OPERATOR, Role.OPERATOR);
        ReviewClient.addUser(cfg, REVIEWER, Role.REVIEWER);
        daemon = Daemon.start(cfg, false);
        page = Chromium.start();
        wait = new WebDriverWait(page, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        if (page != null) {
            page.quit();
        }
        if (daemon != null) {
            daemon.close();
        }
        if (rtsp != null) {
            rtsp.close();
        }
    }

    private static void login(String user) {
        page.manage().deleteAllCookies();
        page.get("http://127.0.0.1:" + daemon.httpPort() + "/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-user"))).sendKeys(user);
        page.findElement(By.id("login-password")).sendKeys(ReviewClient.PASSWORD);
        page.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("app")));
    }

    private static JavascriptExecutor js() {
        return (JavascriptExecutor) page;
    }

    private static WebElement tile(String camera) {
        return page.findElement(By.cssSelector("#wall li[data-id='" + camera + "']"));
    }

    @Test
    @Order(1)
    void theWallShowsTheLiveCamerasPictureAndTheDownCameraStandsOut() throws Exception {
        login(OPERATOR);
        page.findElement(By.id("tab-wall")).click();
        wait.until(d -> tile(CAMERA).isDisplayed());
        wait.until(d -> ((Number) js().executeScript("return arguments[0].querySelector('img').naturalWidth",
                tile(CAMERA))).intValue() > 0);
        assertThat(tile(CAMERA).getAttribute("class")).contains("up");
        wait.until(d -> tile("dark-1").getAttribute("class").contains("down"));
        assertThat(tile("dark-1").getText()).contains("离线");
        assertThat(page.findElement(By.id("wall-counts")).getText()).contains("共 2 路");

        // the text filter
        page.findElement(By.id("w-q")).sendKeys("dark");
        wait.until(d -> page.findElements(By.cssSelector("#wall li")).size() == 1);
        page.findElement(By.id("w-q")).clear();
        page.findElement(By.id("w-q")).sendKeys(Keys.BACK_SPACE);
        wait.until(d -> page.findElements(By.cssSelector("#wall li")).size() == 2);
        Chromium.screenshot(page, "wall.png");
    }

    /** Clicks the editor's picture at fractions of its width and height. */
    private static void clickAt(double fx, double fy) {
        WebElement svg = page.findElement(By.id("ed-svg"));
        int w = svg.getRect().getWidth();
        int h = svg.getRect().getHeight();
        new Actions(page).moveToElement(svg, (int) Math.round((fx - 0.5) * w), (int) Math.round((fy - 0.5) * h))
                .click().perform();
    }

    private static void openEditor() {
        tile(CAMERA).findElement(By.cssSelector("button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("ed-svg")));
        wait.until(d -> ((Number) js().executeScript("return document.getElementById('ed-img').naturalWidth"))
                .intValue() > 0);
    }

    @Test
    @Order(2)
    void aZoneDrawnWithTheMouseIsSavedAppliedWithoutARestartAndACaseLandsInIt() throws Exception {
        openEditor();
        page.findElement(By.id("ed-add")).click();
        WebElement id = page.findElement(By.cssSelector("#ed-form input[name='id']"));
        id.clear();
        id.sendKeys("stall-drawn");
        new org.openqa.selenium.support.ui.Select(page.findElement(By.cssSelector("#ed-form select[name='type']")))
                .selectByValue("no_vending");
        page.findElement(By.cssSelector("#ed-form input[name='unit']")).sendKeys("demo-unit-07");
        // the pavement at the bottom of the picture, around the vendor and the cart; the last corner dragged into place
        clickAt(0.50, 0.70);
        clickAt(0.95, 0.70);
        clickAt(0.95, 0.98);
        clickAt(0.55, 0.91);
        WebElement corner = page.findElement(By.cssSelector("#ed-svg circle[data-i='3']"));
        int w = page.findElement(By.id("ed-svg")).getRect().getWidth();
        int h = page.findElement(By.id("ed-svg")).getRect().getHeight();
        new Actions(page).clickAndHold(corner).moveByOffset((int) (-0.05 * w), (int) (0.07 * h)).release().perform();
        Chromium.screenshot(page, "zone-editor-drawn.png");

        byte[] before = Files.readAllBytes(config);
        page.findElement(By.id("ed-save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ed-state"), "已保存"));
        String saved = Files.readString(config);
        assertThat(saved).isNotEqualTo(new String(before)).contains("id: \"stall-drawn\"")
                .contains("unit: \"demo-unit-07\"")
                .startsWith("# WallPageIT: one live camera over RTSP, one that never answers\n")
                .contains("- id: street-1   # the GStreamer RTSP server's street footage\n");
        List<double[]> drawn = ConfigLoader.load(config).cameras().get(0).zones().get(0).polygon().points();
        double[][] meant = {{0.50, 0.70}, {0.95, 0.70}, {0.95, 0.98}, {0.50, 0.98}};
        assertThat(drawn).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(drawn.get(i)).as("point %d", i).containsExactly(meant[i], org.assertj.core.data.Offset.offset(0.01));
        }
        assertThat(CaseLog.read(config.resolveSibling("evidence").resolve(CaseLog.FILE)))
                .anySatisfy(e -> {
                    assertThat(e.event()).isEqualTo("config_changed");
                    assertThat(e.actor()).isEqualTo(OPERATOR);
                    assertThat(e.manifestSha256()).isEqualTo(org.streetwatch.hash.Sha256.of(config));
                });

        // applied without a restart: the wall shows the zone, and the footage raises a case in it
        ReviewClient api = new ReviewClient(daemon.httpPort()).login(OPERATOR);
        await(() -> api.get("/api/wall?q=" + CAMERA).path("cameras").get(0).path("zones").size() == 1, 30,
                "the daemon applies the saved zone");
        await(() -> !daemon.store().list(new CaseQuery(null, CAMERA, null, null, null, 10, 0, true)).stream()
                .filter(c -> c.where().zone().equals("stall-drawn")).toList().isEmpty(), 240,
                "a case in the drawn zone");
        Case c = daemon.store().list(new CaseQuery(null, CAMERA, null, null, null, 10, 0, true)).get(0);
        assertThat(c.where().unit()).isEqualTo("demo-unit-07");

        // the preview replays the last minutes against the zone: the vendor who stood there, and the rule fires
        page.findElement(By.id("ed-preview")).click();
        WebElement result = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#ed-preview-zones li[data-zone='stall-drawn']")));
        assertThat(result.getText()).contains("人");
        assertThat(result.getAttribute("data-fires")).as(page.findElement(By.id("ed-preview-out")).getText())
                .isEqualTo("true");
        Chromium.screenshot(page, "zone-editor-preview.png");
    }

    @Test
    @Order(3)
    void anInvalidPolygonAndAnOutOfRangeSettingAreRefusedOnThePageAndTheFileStaysAsItWas() throws Exception {
        page.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tab-wall"))).click();
        wait.until(d -> tile(CAMERA).isDisplayed());
        openEditor();
        byte[] before = Files.readAllBytes(config);

        // two points are no polygon: double-click deletes points
        for (int i = 0; i < 2; i++) {
            new Actions(page).doubleClick(page.findElement(By.cssSelector("#ed-svg circle[data-i='0']"))).perform();
        }
        assertThat(page.findElements(By.cssSelector("#ed-svg circle.handle"))).hasSize(2);
        page.findElement(By.id("ed-save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ed-error"), "at least 3 points"));
        assertThat(page.findElement(By.id("ed-error")).getText()).contains("cameras[0].zones[0].polygon");
        assertThat(Files.readAllBytes(config)).isEqualTo(before);

        // back to a triangle with the keyboard (Insert adds a point after the focused one), then a dwell out of range
        js().executeScript("document.querySelector(\"#ed-svg circle[data-i='1']\").focus()");
        new Actions(page).sendKeys(Keys.INSERT).perform();
        assertThat(page.findElements(By.cssSelector("#ed-svg circle.handle"))).hasSize(3);
        page.findElement(By.cssSelector("#ed-form details summary")).click();
        WebElement dwell = page.findElement(By.cssSelector("#ed-form details input[name='dwell_s']"));
        assertThat(dwell.getAttribute("max")).isEqualTo("86400");
        dwell.sendKeys("999999");
        page.findElement(By.id("ed-save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ed-error"), "expected a value in [0, 86400]"));
        assertThat(page.findElement(By.id("ed-error")).getText()).contains("rules.street_vending.dwell_s");
        assertThat(Files.readAllBytes(config)).isEqualTo(before);
        Chromium.screenshot(page, "zone-editor-refused.png");
    }

    @Test
    @Order(4)
    void aReviewerCannotOpenTheEditor() throws Exception {
        login(REVIEWER);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("queue-view")));
        assertThat(page.findElement(By.id("tab-wall")).isDisplayed()).isFalse();
        js().executeScript("openEditor('" + CAMERA + "')");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ed-error"), "operator"));
        assertThat(page.findElements(By.cssSelector("#ed-svg circle"))).isEmpty();
        Object status = js().executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/api/cameras/" + CAMERA + "/zones').then(r => done(r.status));");
        assertThat(((Number) status).intValue()).isEqualTo(403);
    }

    @FunctionalInterface
    private interface Check {
        boolean done() throws Exception;
    }

    private static void await(Check check, int seconds, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (!check.done()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(500);
        }
    }


    @Test
    @Order(5)
    void theOperatorSeesEachNodeAndTheCamerasDown() throws Exception {
        login(OPERATOR);
        page.findElement(By.id("tab-stats")).click();
        wait.until(d -> page.findElement(By.id("fleet")).isDisplayed());
        String node = ConfigLoader.load(config).nodeId();
        wait.until(d -> page.findElement(By.id("fleet-nodes")).getText().contains(node + " ⇪ 1/2"));
        assertThat(page.findElement(By.id("fleet-cameras")).getText()).contains("dark-1@" + node);
        Chromium.screenshot(page, "fleet.png");
    }

    /** Appends cameras that never answer to the config's camera list (the last section); the daemon picks them up. */
    private static void addDarkCameras(int from, int to) throws Exception {
        StringBuilder more = new StringBuilder();
        for (int i = from; i < to; i++) {
            more.append("  - id: dark-x").append(i).append("\n    url: \"rtsp://127.0.0.1:9/none\"\n");
        }
        Files.writeString(config, more.toString(), java.nio.file.StandardOpenOption.APPEND);
    }

    @Test
    @Order(6)
    void aWallScrolledPastTheServersLargestPageStaysWholeWhenTheCamerasChange() throws Exception {
        addDarkCameras(0, 560);
        login(OPERATOR);
        page.findElement(By.id("tab-wall")).click();
        wait.until(d -> page.findElement(By.id("wall-counts")).getText().contains("共 562 路"));
        // scrolled past 500 tiles (the server's largest page): "more" clicked until every tile is there (clicked by
        // script: scrolling to the button loads the next page too, and may hide it just before a mouse click lands)
        while (page.findElement(By.id("wall-more")).getDomAttribute("hidden") == null) {
            int before = page.findElements(By.cssSelector("#wall li")).size();
            js().executeScript("document.getElementById('wall-more').click()");
            wait.until(d -> page.findElements(By.cssSelector("#wall li")).size() > before
                    || page.findElement(By.id("wall-more")).getDomAttribute("hidden") != null);
        }
        assertThat(page.findElements(By.cssSelector("#wall li"))).hasSize(562);
        // a camera added: the wall reloads every tile it had, in pages the server allows
        addDarkCameras(560, 561);
        new WebDriverWait(page, Duration.ofSeconds(30)).withMessage(() -> "the wall reloaded with the camera added; "
                + "it says: " + page.findElement(By.id("wall-counts")).getText())
                .until(d -> page.findElement(By.id("wall-counts")).getText().contains("共 563 路"));
        assertThat(page.findElements(By.cssSelector("#wall li"))).hasSize(562);
        assertThat(page.findElement(By.id("wall-counts")).getText()).doesNotContain("出错");
    }
}
