package org.streetwatch.ingest.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.streetwatch.ingest.testing.FleetHarness.await;
import static org.streetwatch.ingest.testing.FleetHarness.camera;
import static org.streetwatch.ingest.testing.FleetHarness.live;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.streetwatch.ingest.clip.Remuxer;
import org.streetwatch.ingest.packet.Packet;
import org.streetwatch.ingest.packet.PacketRing;
import org.streetwatch.ingest.packet.PacketSlice;
import org.streetwatch.ingest.testing.FleetHarness;
import org.streetwatch.ingest.testing.Footage;
import org.streetwatch.ingest.testing.RtspServer;

/** Ingest against a real RTSP server (GStreamer) streaming real footage in real time. */
class CameraFleetRtspTest {

    private static final Duration UP = Duration.ofSeconds(15);

    private static boolean up(FleetHarness h, String cam) {
        return h.fleet.session(cam).map(CameraSession::up).orElse(false);
    }

    @Test
    void packetRingAndSamplingFollowTheStream() throws Exception {
        try (RtspServer server = RtspServer.start(1, Footage.vtestLong(8)); FleetHarness h = new FleetHarness()) {
            h.fleet.apply(List.of(live("c0", server.url("cam0"))));
            await("camera up", UP, () -> up(h, "c0"));
            double packets0 = h.metric("streetwatch_packets_total", "c0");
            long t0 = System.nanoTime();
            Thread.sleep(12_000);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double pps = (h.metric("streetwatch_packets_total", "c0") - packets0) / seconds;
            assertThat(pps).as("packets per second of a 10 fps camera").isBetween(9.0, 11.0);

            PacketRing r = h.fleet.session("c0").orElseThrow().clipRing();
            PacketSlice ring = r.slice(0, r.newestDtsUs()).get();
            List<Long> keys = new ArrayList<>();
            for (Packet p : ring.packets()) {
                if (p.key()) {
                    keys.add(p.ptsUs());
                }
            }
            assertThat(ring.packets().get(0).key()).as("a ring starts at a keyframe").isTrue();
            double spanS = (ring.endUs() - ring.startUs()) / 1e6;
            assertThat(spanS).as("the ring holds its 20 s window, back to a keyframe").isBetween(12.0, 22.5);
            for (int i = 1; i < keys.size(); i++) {
                assertThat((keys.get(i) - keys.get(i - 1)) / 1e6).as("GOP").isCloseTo(2.0,
                        org.assertj.core.data.Offset.offset(0.15));
            }
            double keyframesPerMinute = (keys.size() - 1) / ((keys.get(keys.size() - 1) - keys.get(0)) / 60e6);
            assertThat(keyframesPerMinute).isCloseTo(30.0, org.assertj.core.data.Offset.offset(1.0));

            // one picture a second: keyframes decoded on their own, the odd seconds decoded forward within the GOP
            double sampled = h.metric("streetwatch_frames_sampled_total", "c0");
            double keyframes = h.metric("streetwatch_keyframes_decoded_total", "c0");
            double elapsed = (System.nanoTime() - t0) / 1e9 + 1;
            assertThat(sampled).isBetween(elapsed - 4, elapsed + 2);
            assertThat(keyframes).isBetween(sampled / 2 - 2, sampled / 2 + 2);
            assertThat(h.frames("c0")).isGreaterThan(0);
            assertThat(h.metric("streetwatch_camera_up", "c0")).isEqualTo(1.0);
            assertThat(h.metric("streetwatch_last_packet_age_seconds", "c0")).isLessThan(1.0);
        }
    }

    @Test
    void withTheIntervalOfTheGopOnlyKeyframesAreDecoded() throws Exception {
        try (RtspServer server = RtspServer.start(1, Footage.vtestLong(8)); FleetHarness h = new FleetHarness()) {
            h.fleet.apply(List.of(camera("c0", server.url("cam0"), null, Camera.Mode.LIVE, 2.0)));
            await("camera up", UP, () -> up(h, "c0"));
            await("5 pictures", Duration.ofSeconds(20), () -> h.metric("streetwatch_frames_sampled_total", "c0") >= 5);
            assertThat(h.metric("streetwatch_keyframes_decoded_total", "c0"))
                    .isEqualTo(h.metric("streetwatch_frames_sampled_total", "c0"));
        }
    }

    @Test
    void everyCameraRecoversWhenTheServerDiesAndComesBack() throws Exception {
        try (RtspServer server = RtspServer.start(4, Footage.vtestLong(8)); FleetHarness h = new FleetHarness()) {
            List<Camera> cams = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                cams.add(live("c" + i, server.url("cam" + i)));
            }
            h.fleet.apply(cams);
            for (Camera c : cams) {
                await(c.id() + " up", UP, () -> up(h, c.id()));
            }
            server.kill();
            for (Camera c : cams) {
                await(c.id() + " down", Duration.ofSeconds(10), () -> !up(h, c.id()));
            }
            Thread.sleep(2000);
            server.restart();
            long restarted = System.nanoTime();
            for (Camera c : cams) {
                // backoff is capped at 2 s; a fresh connect and the first packets take well under a second
                await(c.id() + " back up", Duration.ofSeconds(8), () -> up(h, c.id()));
                assertThat(h.metric("streetwatch_camera_reconnects_total", c.id())).isGreaterThanOrEqualTo(1.0);
            }
            assertThat((System.nanoTime() - restarted) / 1e9).isLessThan(8.0);
        }
    }

    @Test
    void aCameraThatNeverAnswersDelaysNoOther() throws Exception {
        try (ServerSocket blackHole = new ServerSocket(0);
             RtspServer server = RtspServer.start(3, Footage.vtestLong(8)); FleetHarness h = new FleetHarness()) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(blackHole.accept()); // accepts, never answers
                    }
                } catch (Exception e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            List<Camera> cams = new ArrayList<>(List.of(live("dead", "rtsp://127.0.0.1:" + blackHole.getLocalPort() + "/x")));
            for (int i = 0; i < 3; i++) {
                cams.add(live("c" + i, server.url("cam" + i)));
            }
            long start = System.nanoTime();
            h.fleet.apply(cams);
            for (int i = 0; i < 3; i++) {
                String id = "c" + i;
                await(id + " delivers a frame", Duration.ofSeconds(6), () -> h.frames(id) > 0);
            }
            assertThat((System.nanoTime() - start) / 1e9).isLessThan(6.0);
            assertThat(up(h, "dead")).isFalse();
            // the silent camera times out after stall_s (3 s) and retries with backoff
            await("dead camera retried", Duration.ofSeconds(15),
                    () -> h.metric("streetwatch_camera_reconnects_total", "dead") >= 1);
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aStalledStreamIsDroppedAndReopened() throws Exception {
        try (RtspServer server = RtspServer.start(2, Footage.vtestLong(8)); FleetHarness h = new FleetHarness()) {
            h.fleet.apply(List.of(live("c0", server.url("cam0")), live("c1", server.url("cam1"))));
            await("up", UP, () -> up(h, "c0") && up(h, "c1"));
            server.freeze(); // connections stay open, nothing flows
            await("stall detected", Duration.ofSeconds(10), () -> !up(h, "c0") && !up(h, "c1"));
            assertThat(h.metric("streetwatch_last_packet_age_seconds", "c0")).isGreaterThanOrEqualTo(3.0);
            server.thaw();
            await("reconnected", Duration.ofSeconds(20), () -> up(h, "c0") && up(h, "c1"));
            assertThat(h.metric("streetwatch_camera_reconnects_total", "c0")).isGreaterThanOrEqualTo(1.0);
        }
    }

    @Test
    void camerasAddedRemovedAndChangedAtRuntimeLeaveTheOthersAlone() throws Exception {
        try (RtspServer server = RtspServer.start(4, Footage.vtestLong(8)); FleetHarness h = new FleetHarness()) {
            Camera a = live("a", server.url("cam0"));
            Camera b = live("b", server.url("cam1"));
            Camera c = live("c", server.url("cam2"));
            h.fleet.apply(List.of(a, b, c));
            await("up", UP, () -> up(h, "a") && up(h, "b") && up(h, "c"));
            CameraSession sessionA = h.fleet.session("a").orElseThrow();
            CameraSession sessionB = h.fleet.session("b").orElseThrow();
            double packetsA = h.metric("streetwatch_packets_total", "a");
            Camera b2 = camera("b", server.url("cam1"), null, Camera.Mode.LIVE, 2.0);
            Camera d = live("d", server.url("cam3"));
            h.fleet.apply(List.of(a, b2, d));
            assertThat(h.fleet.session("a")).containsSame(sessionA);
            assertThat(h.fleet.session("b").orElseThrow()).isNotSameAs(sessionB);
            assertThat(h.fleet.session("c")).isEmpty();
            await("b and d up", UP, () -> up(h, "b") && up(h, "d"));
            assertThat(h.metric("streetwatch_camera_reconnects_total", "a")).isZero();
            assertThat(h.metric("streetwatch_packets_total", "a")).isGreaterThan(packetsA);
            assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName)).doesNotContain("camera-c");
            assertThat(h.metric("streetwatch_packets_total", "c")).as("a removed camera's series are gone").isZero();
        }
    }

    @Test
    void credentialsNeverReachLogsOrMetrics() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try (RtspServer server = RtspServer.start(1, Footage.vtestLong(8)); FleetHarness h = new FleetHarness()) {
            String good = "rtsp://admin:S3cr3tPw@127.0.0.1:" + server.port() + "/cam0";
            String refused = "rtsp://admin:S3cr3tPw@127.0.0.1:1/cam0";
            h.fleet.apply(List.of(live("good", good), live("refused", refused)));
            await("up", UP, () -> up(h, "good"));
            await("refused retried", Duration.ofSeconds(10),
                    () -> h.metric("streetwatch_camera_reconnects_total", "refused") >= 1);
            ByteArrayOutputStream scrape = new ByteArrayOutputStream();
            PrometheusTextFormatWriter.create().write(scrape, h.registry.scrape(),
                    io.prometheus.metrics.config.EscapingScheme.ALLOW_UTF8);
            assertThat(scrape.toString()).doesNotContain("S3cr3tPw").contains("camera=\"refused\"");
            assertThat(h.fleet.session("good").orElseThrow().camera().toString()).doesNotContain("S3cr3tPw");
        } finally {
            root.detachAppender(logs);
        }
        assertThat(logs.list).isNotEmpty();
        for (ILoggingEvent e : logs.list) {
            assertThat(e.getFormattedMessage()).doesNotContain("S3cr3tPw");
            if (e.getThrowableProxy() != null) {
                assertThat(e.getThrowableProxy().getMessage()).doesNotContain("S3cr3tPw");
            }
        }
        assertThat(logs.list).anyMatch(e -> e.getFormattedMessage().contains("rtsp://***@127.0.0.1"));
    }

    @Test
    void h265CamerasAreDecodedAndClippedWithoutReencoding(@TempDir Path dir) throws Exception {
        // a mount per client: two clients preparing one shared H.265 media at once is not what is tested here
        try (RtspServer server = RtspServer.start(Map.of("hevc", Footage.vtestH265(), "hevc-main", Footage.vtestH265(),
                "sub", Footage.vtestLong(8)));
             FleetHarness h = new FleetHarness()) {
            h.fleet.apply(List.of(live("h265", server.url("hevc")),
                    camera("dual", server.url("sub"), server.url("hevc-main"), Camera.Mode.LIVE, 1.0)));
            await("h265 pictures", Duration.ofSeconds(20), () -> h.frames("h265") >= 3);
            await("dual-stream pictures", Duration.ofSeconds(20), () -> h.frames("dual") >= 3);
            PacketRing hr = h.fleet.session("h265").orElseThrow().clipRing();
            PacketSlice clip = hr.slice(0, hr.newestDtsUs()).get();
            assertThat(clip.stream().codecName()).isEqualTo("hevc");
            Remuxer.Written w = Remuxer.write(clip, dir.resolve("h265.mp4"));
            try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(w.file().toFile())) {
                g.start();
                assertThat(g.getVideoCodecName()).isEqualTo("hevc");
                assertThat(g.grabImage()).isNotNull();
                g.stop();
            }
            // the dual-stream camera analyses its sub-stream (H.264) and records its main stream (H.265)
            CameraSession dual = h.fleet.session("dual").orElseThrow();
            assertThat(dual.detectRing().streamInfo().codecName()).isEqualTo("h264");
            assertThat(dual.clipRing().streamInfo().codecName()).isEqualTo("hevc");
        }
    }
}
