package org.streetwatch.ingest.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.streetwatch.ingest.source.CameraFootage;

/** Test footage derived from ../shared, cached under the build's target folder. */
public final class Footage {

    private Footage() {
    }

    /** vtest (PETS09 S2L1, 768x576, 10 fps) as a camera would send it: H.264 with a 2 s GOP at 1 Mbit/s. */
    public static synchronized Path vtestGop2s() {
        Path src = SharedData.video("vtest.avi");
        Path out = cache().resolve("vtest_gop2s.mp4");
        try {
            return CameraFootage.h264(src, out, 2.0, 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Shared by all modules of one checkout: {@code <repo>/target/test-footage}. */
    public static Path cache() {
        String dir = System.getProperty("streetwatch.testcache");
        return dir != null ? Path.of(dir) : Path.of(System.getProperty("java.io.tmpdir"), "streetwatch-test-footage");
    }
}
