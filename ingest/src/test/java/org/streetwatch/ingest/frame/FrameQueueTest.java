package org.streetwatch.ingest.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class FrameQueueTest {

    private static Frame frame(String cam, long seq) {
        return new Frame(cam, seq, seq * 1_000_000, seq * 1000, new Mat(2, 2, CV_8UC3), 2, 2, null, null);
    }

    @Test
    void aLiveCameraDropsItsOldestFrameAndNeverWaits() throws Exception {
        List<String> dropped = new ArrayList<>();
        FrameQueue q = new FrameQueue(2, dropped::add);
        for (int i = 0; i < 5; i++) {
            assertThat(q.offer(frame("a", i), FrameQueue.WhenFull.DROP_OLDEST)).isTrue();
        }
        assertThat(dropped).containsExactly("a", "a", "a");
        Frame f = (Frame) q.take(1, TimeUnit.SECONDS);
        assertThat(f.seq()).isEqualTo(3);
        assertThat(f.image().isNull()).isFalse();
        f.close();
        q.done("a");
        q.close();
    }

    @Test
    void aFileReadOnceWaitsForRoomInsteadOfDropping() throws Exception {
        FrameQueue q = new FrameQueue(1, cam -> {
            throw new AssertionError("dropped");
        });
        q.offer(frame("f", 0), FrameQueue.WhenFull.WAIT);
        CountDownLatch second = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            q.offer(frame("f", 1), FrameQueue.WhenFull.WAIT);
            second.countDown();
        });
        t.start();
        assertThat(second.await(300, TimeUnit.MILLISECONDS)).isFalse();
        ((Frame) q.take(1, TimeUnit.SECONDS)).close();
        assertThat(second.await(2, TimeUnit.SECONDS)).isTrue();
        q.close();
    }

    @Test
    void aCameraIsHandedToOneWorkerAtATimeAndCamerasTakeTurns() throws Exception {
        FrameQueue q = new FrameQueue(4, cam -> { });
        q.offer(frame("a", 0), FrameQueue.WhenFull.DROP_OLDEST);
        q.offer(frame("a", 1), FrameQueue.WhenFull.DROP_OLDEST);
        q.offer(frame("b", 0), FrameQueue.WhenFull.DROP_OLDEST);
        Sample first = q.take(1, TimeUnit.SECONDS);
        Sample second = q.take(1, TimeUnit.SECONDS);
        assertThat(first.cameraId()).isEqualTo("a");
        assertThat(second.cameraId()).isEqualTo("b");
        assertThat(q.take(100, TimeUnit.MILLISECONDS)).as("a is busy until done").isNull();
        q.done("a");
        Sample third = q.take(1, TimeUnit.SECONDS);
        assertThat(((Frame) third).seq()).isEqualTo(1);
        for (Sample s : List.of(first, second, third)) {
            ((Frame) s).close();
        }
        q.end("b");
        q.done("b");
        assertThat(q.take(1, TimeUnit.SECONDS)).isInstanceOf(StreamEnd.class);
        q.close();
    }
}
