package org.streetwatch.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.streetwatch.ingest.frame.FrameSize;
import org.streetwatch.ingest.packet.Packet;
import org.streetwatch.ingest.source.CameraClock;
import org.streetwatch.ingest.source.PacketSource;
import org.streetwatch.ingest.testing.Footage;
import org.streetwatch.ingest.testing.SharedData;

/** Sampling on real footage: which packets reach the decoder, and that the pictures are real. */
class SamplerTest {

    private record Run(List<Long> samples, long keyframes, long packetsDecoded, int packets) {
    }

    private static Run sample(Path video, long intervalUs) throws Exception {
        return sample(video, intervalUs, Long.MAX_VALUE, intervalUs);
    }

    /** Samples at {@code intervalUs}, then from stream time {@code fromUs} on at {@code laterUs} (analysis's pacing). */
    private static Run sample(Path video, long intervalUs, long fromUs, long laterUs) throws Exception {
        List<Long> samples = new ArrayList<>();
        int packets = 0;
        try (PacketSource src = PacketSource.open(video.toString(), Duration.ofSeconds(5));
             DecoderPool pool = new DecoderPool(2); Sampler sampler = new Sampler(intervalUs, pool)) {
            CameraClock clock = new CameraClock(false, 0);
            sampler.discontinuity(src.info());
            sampler.frameDurationUs(100_000);
            PacketSource.Read r;
            while ((r = src.read(Duration.ofSeconds(5))) != null) {
                long[] t = clock.map(r.ptsUs(), r.dtsUs(), 0);
                packets++;
                if (t[0] >= fromUs) {
                    sampler.interval(laterUs);
                }
                try (Mat m = sampler.offer(new Packet(t[0], t[1], r.durationUs(), r.key(), r.data()),
                        new FrameSize(416, 416))) {
                    if (m != null) {
                        samples.add(t[0]);
                        assertThat(m.cols()).isEqualTo(416);
                        assertThat(m.rows()).isEqualTo(312);
                    }
                }
            }
            assertThat(pool.created()).as("keyframes share one pooled decoder").isEqualTo(1);
            return new Run(samples, sampler.keyframesDecoded(), sampler.packetsDecoded(), packets);
        }
    }

    @Test
    void analysisAskingForFewerPicturesMidStreamDecodesFewerKeyframes() throws Exception {
        // 2 s GOP: every keyframe for the first 20 s, then one picture per 6 s: every third keyframe
        Run run = sample(Footage.vtestGop2s(), 2_000_000, 20_000_000, 6_000_000);
        assertThat(run.samples()).hasSize(10 + 10);
        assertThat(run.packetsDecoded()).isEqualTo(run.samples().size());
        assertThat(run.samples().get(12) - run.samples().get(11)).isEqualTo(6_000_000L);
    }

    @Test
    void withAGopAsLongAsTheIntervalOnlyKeyframesAreDecoded() throws Exception {
        Run run = sample(Footage.vtestGop2s(), 2_000_000);
        // 79.5 s of video, a keyframe every 2 s: 40 keyframes, every one of them analysed, nothing else decoded
        assertThat(run.packets()).isEqualTo(795);
        assertThat(run.keyframes()).isEqualTo(40);
        assertThat(run.packetsDecoded()).isEqualTo(40);
        assertThat(run.samples()).hasSize(40);
        for (int i = 1; i < run.samples().size(); i++) {
            assertThat(run.samples().get(i) - run.samples().get(i - 1)).isEqualTo(2_000_000L);
        }
    }

    @Test
    void withAGopLongerThanTheIntervalItDecodesForwardFromTheKeyframe() throws Exception {
        // vtest_h264 has a keyframe every 25 s: one picture a second needs decoding forward inside each GOP
        Run run = sample(SharedData.video("vtest_h264.mp4"), 1_000_000);
        assertThat(run.samples()).hasSize(80);
        for (int i = 1; i < run.samples().size(); i++) {
            assertThat(run.samples().get(i) - run.samples().get(i - 1)).isEqualTo(1_000_000L);
        }
        // the first keyframe is decoded twice (alone, before the long GOP is known; then to decode forward from it);
        // every other packet at most once: the camera's decoder keeps its place between samples of one GOP
        assertThat(run.keyframes()).isEqualTo(5);
        assertThat(run.packetsDecoded()).isLessThanOrEqualTo(796);
    }

    @Test
    void withAShortGopAndALongIntervalMostKeyframesAreSkipped() throws Exception {
        Run run = sample(Footage.vtestGop2s(), 10_000_000);
        assertThat(run.samples()).hasSize(8);
        assertThat(run.packetsDecoded()).isEqualTo(8);
    }
}
