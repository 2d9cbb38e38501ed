package org.streetwatch.detector.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.streetwatch.ingest.frame.Frame;

class LatestPicturesTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(1_000 * SECOND);
    private final LatestPictures pictures = new LatestPictures(2 * SECOND, now::get);

    /** One analysed picture of camera "c" taken at {@code wallMs}, {@code later} seconds after the previous one. */
    private void analysed(long wallMs, long later) {
        now.addAndGet(later * SECOND);
        try (Mat image = new Mat(312, 416, CV_8UC3, new Scalar(40, 90, 160, 0))) {
            pictures.analysed(new Frame("c", wallMs, wallMs * 1000, wallMs, image, 768, 576, null, null), List.of());
        }
    }

    private long shownMs() {
        return pictures.latest("c").orElseThrow().wallMs();
    }

    @Test
    void picturesAreEncodedOnlyWhileSomebodyLooks() {
        analysed(1_000, 0);
        analysed(5_000, 4);
        // nobody has asked: the first picture is kept, the later one is not encoded
        assertThat(pictures.latest("c")).get().satisfies(p -> {
            assertThat(p.wallMs()).isEqualTo(1_000);
            assertThat(p.jpeg()).startsWith((byte) 0xFF, (byte) 0xD8);
            assertThat(p.width()).isEqualTo(416);
        });
        // that request marks the camera as watched: its next picture is encoded, at most one per interval
        analysed(9_000, 4);
        assertThat(shownMs()).isEqualTo(9_000);
        analysed(10_000, 1);
        assertThat(shownMs()).isEqualTo(9_000);
        // a minute without a request: encoding stops again
        analysed(20_000, 10);
        assertThat(shownMs()).isEqualTo(20_000);
        analysed(90_000, 70);
        assertThat(pictures.latest("c").orElseThrow().wallMs()).isEqualTo(20_000);
    }

    @Test
    void aNewerPictureHasAHigherVersion() {
        analysed(1_000, 0);
        long first = pictures.latest("c").orElseThrow().version();
        analysed(5_000, 4);
        assertThat(pictures.latest("c").orElseThrow().version()).isGreaterThan(first);
        assertThat(pictures.latest("unknown")).isEmpty();
    }
}
