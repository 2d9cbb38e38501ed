package org.streetwatch.daemon.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.streetwatch.daemon.demo.DemoConfig;
import org.streetwatch.ingest.testing.Footage;
import org.streetwatch.ingest.testing.SharedData;

/**
 * The demo's config (vtest footage, its zones, the real model from ../shared) for tests: as many cameras on that
 * footage as wanted, each a distinct camera with distinct violations, plus extra top-level sections.
 */
public final class DemoSetup {

    private DemoSetup() {
    }

    /**
     * @param cameras camera ids, each playing the demo footage (none: a review-only node)
     * @param extra   YAML appended at the top level, e.g. an {@code export:} section
     */
    public static Path write(Path dir, List<String> cameras, String extra) throws IOException {
        Path config = DemoConfig.write(dir, Footage.vtestGop2s(), 0);
        String yaml = Files.readString(config).replace("  model: yolox_nano\n",
                "  model: yolox_nano\n  models_dir: \"" + SharedData.models() + "\"\n");
        int at = yaml.indexOf("cameras:\n");
        String head = yaml.substring(0, at);
        String camera = yaml.substring(at + "cameras:\n".length());
        StringBuilder out = new StringBuilder(head).append(extra.endsWith("\n") || extra.isEmpty() ? extra : extra + "\n");
        if (cameras.isEmpty()) {
            out.append("cameras: []\n");
        } else {
            out.append("cameras:\n");
            for (String id : cameras) {
                out.append(camera.replace("- id: campus-1", "- id: " + id));
            }
        }
        Files.writeString(config, out.toString());
        return config;
    }
}
