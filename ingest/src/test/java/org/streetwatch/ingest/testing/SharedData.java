package org.streetwatch.ingest.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The footage, models and ground truth in {@code ../shared}, which is never committed. Outside CI a missing file skips
 * the test; under CI ({@code CI=true}) it fails it, so a broken checkout cannot pass green.
 */
public final class SharedData {

    private SharedData() {
    }

    public static Path root() {
        String prop = System.getProperty("streetwatch.shared");
        Path p = prop != null ? Path.of(prop) : Path.of("..", "shared");
        return p.toAbsolutePath().normalize();
    }

    /** A file under {@code ../shared}, e.g. {@code data/videos/vtest_h264.mp4}. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        if (!Files.isRegularFile(p)) {
            String msg = "shared test data missing: " + p + " (the tests read ../shared beside the checkout)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(msg);
            }
            assumeTrue(false, msg);
        }
        return p;
    }

    public static Path video(String name) {
        return require("data/videos/" + name);
    }

    public static Path models() {
        return require("models/yolox_nano.onnx").getParent();
    }
}
