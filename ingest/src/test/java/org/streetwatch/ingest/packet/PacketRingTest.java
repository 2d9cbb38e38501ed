package org.streetwatch.ingest.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PacketRingTest {

    private static final StreamInfo H264 = new StreamInfo(27, "h264", 768, 576, 0, 66, 31, new byte[] {1}, 10);

    /** 10 fps, a keyframe every {@code gop} packets, 1 000 bytes each. */
    private static void fill(PacketRing ring, int from, int to, int gop) {
        for (int i = from; i < to; i++) {
            long t = i * 100_000L;
            ring.append(new Packet(t, t, 100_000, i % gop == 0, new byte[1000]));
        }
    }

    @Test
    void keepsTheWindowRoundedBackToAKeyframe() {
        PacketRing ring = new PacketRing(20_000_000, 10_000_000);
        ring.stream(H264);
        fill(ring, 0, 600, 20); // 60 s of video, 2 s GOP
        // newest packet at 59.9 s: the window reaches back to 39.9 s, so the ring starts at the keyframe at 38 s
        assertThat(ring.oldestUs()).isEqualTo(38_000_000L);
        assertThat(ring.packets()).isEqualTo(220);
        assertThat(ring.bytes()).isEqualTo(220_000L);
    }

    @Test
    void theKeyframeNearestAnInstantIsFoundWithoutWaiting() {
        PacketRing ring = new PacketRing(20_000_000, 10_000_000);
        ring.stream(H264);
        fill(ring, 0, 100, 20); // keyframes at 0, 2, 4, 6, 8 s; newest packet at 9.9 s
        assertThat(ring.keyframeNear(4_100_000L, 200_000L).startUs()).isEqualTo(4_000_000L);
        assertThat(ring.keyframeNear(5_900_000L, 200_000L).startUs()).isEqualTo(6_000_000L);
        assertThat(ring.keyframeNear(5_000_000L, 200_000L).isEmpty()).isTrue(); // mid-GOP: none close enough
        assertThat(ring.keyframeNear(10_000_000L, 200_000L).isEmpty()).isTrue(); // not arrived yet: no wait
        assertThat(ring.keyframeNear(4_100_000L, 200_000L).packets()).hasSize(1);
    }

    @Test
    void byteBudgetDropsWholeGopsButKeepsTheCurrentOne() {
        PacketRing ring = new PacketRing(20_000_000, 50_000);
        ring.stream(H264);
        fill(ring, 0, 200, 20);
        assertThat(ring.bytes()).isLessThanOrEqualTo(50_000L);
        assertThat(ring.oldestUs() % 2_000_000).isZero();
    }

    @Test
    void dropsPacketsBeforeTheFirstKeyframe() {
        PacketRing ring = new PacketRing(20_000_000, 10_000_000);
        ring.stream(H264);
        fill(ring, 5, 20, 20); // no keyframe in 5..19
        assertThat(ring.packets()).isZero();
        fill(ring, 20, 25, 20);
        assertThat(ring.packets()).isEqualTo(5);
    }

    @Test
    void sliceStartsAtTheKeyframeBeforeItsStart() throws Exception {
        PacketRing ring = new PacketRing(20_000_000, 10_000_000);
        ring.stream(H264);
        fill(ring, 0, 100, 20);
        PacketSlice s = ring.slice(3_050_000, 5_000_000).get();
        assertThat(s.startUs()).isEqualTo(2_000_000L);
        assertThat(s.packets().get(0).key()).isTrue();
        assertThat(s.packets().get(s.packets().size() - 1).ptsUs()).isEqualTo(5_000_000L);
        assertThat(s.truncated()).isFalse();
    }

    @Test
    void aSliceEndingInTheFutureCompletesWhenThePostRollArrives() throws Exception {
        PacketRing ring = new PacketRing(20_000_000, 10_000_000);
        ring.stream(H264);
        fill(ring, 0, 50, 20);
        CompletableFuture<PacketSlice> f = ring.slice(3_000_000, 8_000_000);
        assertThat(f).isNotDone();
        fill(ring, 50, 80, 20); // up to 7.9 s
        assertThat(f).isNotDone();
        fill(ring, 80, 81, 20); // 8.0 s
        assertThat(f).isDone();
        assertThat(f.get().endUs()).isEqualTo(8_100_000L);
        assertThat(ring.pendingSlices()).isZero();
    }

    @Test
    void endCompletesWaitingSlicesWithWhatThereIs() throws Exception {
        PacketRing ring = new PacketRing(20_000_000, 10_000_000);
        ring.stream(H264);
        fill(ring, 0, 50, 20);
        CompletableFuture<PacketSlice> f = ring.slice(3_000_000, 8_000_000);
        ring.end();
        assertThat(f.get().truncated()).isTrue();
        assertThat(f.get().endUs()).isEqualTo(5_000_000L);
        assertThat(ring.slice(0, 99_000_000)).isDone();
    }

    @Test
    void anIncompatibleStreamEmptiesTheRing() {
        PacketRing ring = new PacketRing(20_000_000, 10_000_000);
        ring.stream(H264);
        fill(ring, 0, 50, 20);
        ring.stream(new StreamInfo(173, "hevc", 1920, 1080, 0, 1, 120, new byte[] {2}, 25));
        assertThat(ring.packets()).isZero();
    }
}
