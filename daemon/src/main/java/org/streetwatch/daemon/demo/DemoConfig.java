package org.streetwatch.daemon.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The demo's streetwatch.yaml: one simulated camera on the vtest scene, with no-vending zones drawn where people
 * stop in that footage (around the lamp-post and sign in the middle, and the building entrance at the top right).
 */
public final class DemoConfig {

    private DemoConfig() {
    }

    public static Path write(Path dir, Path footage, int port) throws IOException {
        String yaml = """
                # streetwatch demo: PETS 2009 S2.L1 (vtest.avi) as a simulated street camera.
                # Thresholds are shortened for 80 s of footage; the production defaults are in docs/CONFIG.md.
                http:
                  bind: 127.0.0.1
                  port: %d
                detector:
                  model: yolox_nano
                  threads: 1
                evidence:
                  dir: evidence
                  min_free_mb: 100
                tracker:
                  stationary_min_s: 2
                sampling:
                  still_s: 1            # production default: 3 (for dwells of minutes; the demo's is 8 s)
                rules:
                  street_vending:
                    dwell_s: 8          # production default: 180
                    min_props: 0        # the scene has people but no stalls: one person standing is enough here
                cameras:
                  - id: campus-1
                    url: "%s"
                    place: "PETS 2009 campus, University of Reading (demo footage)"
                    zones:
                      - id: plaza
                        type: no_vending
                        place: "Lamp-post plaza"
                        unit: "demo-unit-01"
                        polygon: [[0.40, 0.30], [0.70, 0.30], [0.70, 0.62], [0.40, 0.62]]
                      - id: entrance
                        type: no_vending
                        place: "Building entrance"
                        polygon: [[0.74, 0.18], [0.99, 0.18], [0.99, 0.42], [0.74, 0.42]]
                """.formatted(port, footage.toAbsolutePath().toString().replace("\\", "/"));
        Files.createDirectories(dir);
        Path file = dir.resolve("streetwatch.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
