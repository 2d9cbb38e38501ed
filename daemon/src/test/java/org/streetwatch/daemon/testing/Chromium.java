package org.streetwatch.daemon.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's headless Chromium through its chromedriver, and screenshots kept under daemon/target/artifacts. */
public final class Chromium {

    public static final Path ARTIFACTS = Path.of(System.getProperty("streetwatch.root", "."), "daemon", "target",
            "artifacts");

    private Chromium() {
    }

    /** A headless Chromium (Chinese first); skips the test where none is installed, fails under CI=true. */
    public static WebDriver start() {
        File browser = new File("/usr/bin/chromium");
        File driver = new File("/usr/bin/chromedriver");
        if (!browser.canExecute() || !driver.canExecute()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but chromium/chromium-driver are missing: scripts/test installs them");
            }
            Assumptions.abort("no chromium and chromium-driver (apt-get install chromium chromium-driver)");
        }
        ChromeOptions o = new ChromeOptions();
        o.setBinary(browser);
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1440,1000",
                "--autoplay-policy=no-user-gesture-required", "--lang=zh-CN");
        ChromeDriverService svc = new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort()
                .build();
        return new ChromeDriver(svc, o);
    }

    /** Saves what the page shows as ARTIFACTS/name. */
    public static void screenshot(WebDriver page, String name) throws IOException {
        Files.createDirectories(ARTIFACTS);
        Files.write(ARTIFACTS.resolve(name), ((TakesScreenshot) page).getScreenshotAs(OutputType.BYTES));
    }
}
