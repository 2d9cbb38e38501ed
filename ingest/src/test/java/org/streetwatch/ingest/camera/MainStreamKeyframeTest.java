package org.streetwatch.ingest.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.streetwatch.ingest.decode.DecoderPool;
import org.streetwatch.ingest.frame.Frame;
import org.streetwatch.ingest.frame.FrameQueue;
import org.streetwatch.ingest.frame.Sample;
import org.streetwatch.ingest.frame.StreamEnd;
import org.streetwatch.ingest.metrics.IngestMetrics;
import org.streetwatch.ingest.testing.FleetHarness;
import org.streetwatch.ingest.testing.Footage;

/**
 * A file read once with a main stream: both are read at full speed, and analysis, slower, asks each frame for the main
 * stream's keyframe of its instant. The main stream's reader must not run so far ahead that its ring has dropped it.
 */
class MainStreamKeyframeTest {

    @Test
    void everyAnalysedFrameFindsTheMainStreamsKeyframeOfItsInstant() throws Exception {
        Path video = Footage.vtestGop2s(); // 79.5 s, a keyframe every 2 s; the ring keeps 20 s
        IngestMetrics metrics = new IngestMetrics(new PrometheusRegistry());
        FrameQueue frames = new FrameQueue(2, metrics::dropped);
        CameraSession s = new CameraSession(FleetHarness.camera("cam", video.toString(), video.toString(),
                Camera.Mode.ONCE, 2.0), frames, metrics, new DecoderPool(2));
        int analysed = 0;
        int found = 0;
        s.start();
        try {
            while (true) {
                Sample sample = frames.take(10, TimeUnit.SECONDS);
                assertThat(sample).as("a frame or the end within 10 s").isNotNull();
                if (sample instanceof StreamEnd) {
                    break;
                }
                try (Frame f = (Frame) sample) {
                    Thread.sleep(20); // analysis takes its time
                    Optional<Mat> key = f.decodeRecorded(100_000L);
                    analysed++;
                    found += key.isPresent() ? 1 : 0;
                    key.ifPresent(Mat::close);
                } finally {
                    frames.done(sample.cameraId());
                }
            }
        } finally {
            s.signalStop();
            s.await(java.time.Duration.ofSeconds(5));
            frames.close();
        }
        assertThat(analysed).isGreaterThanOrEqualTo(38);
        assertThat(found).isEqualTo(analysed);
    }
}
