package org.streetwatch.benchmarks.detector;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.streetwatch.config.Settings;
import org.streetwatch.detector.Detection;
import org.streetwatch.detector.aim.AimCheck;
import org.streetwatch.detector.analysis.MotionGate;
import org.streetwatch.detector.analysis.Observation;
import org.streetwatch.detector.analysis.Picture;
import org.streetwatch.detector.analysis.PlainPicture;
import org.streetwatch.detector.analysis.Scene;
import org.streetwatch.detector.inference.Detector;
import org.streetwatch.detector.model.ModelCatalog;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.detector.rule.Rule;
import org.streetwatch.detector.rule.RuleEnv;
import org.streetwatch.detector.rule.RuleType;
import org.streetwatch.detector.rule.UncoveredMuckTruckRule;
import org.streetwatch.detector.rule.WasteWaterRule;
import org.streetwatch.detector.track.Track;
import org.streetwatch.detector.track.Tracker;
import org.streetwatch.detector.zone.Polygon;
import org.streetwatch.detector.zone.Schedule;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.ingest.frame.Frame;
import org.streetwatch.ingest.packet.Packet;
import org.streetwatch.ingest.packet.PacketRing;
import org.streetwatch.ingest.source.CameraClock;
import org.streetwatch.ingest.source.PacketSource;
import org.streetwatch.ingest.testing.SharedData;
import org.streetwatch.violation.Box;
import org.streetwatch.violation.Violation;
import org.streetwatch.violation.ViolationSink;
import org.streetwatch.violation.ZoneType;
import tools.jackson.databind.json.JsonMapper;

/**
 * What each step of the harder muck-truck cases changes, and what the new steps cost. On the truck scenarios that
 * {@code HarderCasesIT} renders (the motorway's trucks with painted gravel or green nets, 640x480, their 320x240
 * sub-stream, and night versions made with FFmpeg), the real model and tracker feed the real rule with the steps
 * switched on one by one; a truck reported on the covered footage is a false alarm. Then the cost per analysed
 * picture: the rule with each step, decoding one main-stream keyframe, and the waste-water rule at 768x576.
 *
 * <p>Usage: RuleStepsReport [scenario folder, default target/test-footage/scenarios]
 */
public final class RuleStepsReport {

    private static final String[] STEPS = {
        "car_as_truck=false,min_cargo_px=0,record_offset_s=0,normalise_light=false",
        "car_as_truck=true,min_cargo_px=0,record_offset_s=0,normalise_light=false",
        "car_as_truck=true,min_cargo_px=48,record_offset_s=0,normalise_light=false",
        "car_as_truck=true,min_cargo_px=48,record_offset_s=0.1,normalise_light=false",
        "car_as_truck=true,min_cargo_px=48,record_offset_s=0.1,normalise_light=true",
    };

    private RuleStepsReport() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/test-footage/scenarios");
        ModelCatalog catalog = new ModelCatalog(List.of(SharedData.models()));
        ModelDescriptor d = catalog.descriptor("yolox_nano");
        StringBuilder md = new StringBuilder("| load | step (settings) | 640x480 | 320x240 | 320x240 + main | night "
                + "640x480 | night 320x240 | night 320x240 + main |\n|---|---|---|---|---|---|---|---|\n");
        try (Detector det = Detector.open(d, catalog.weights(d), Detector.Options.defaults())) {
            for (String load : new String[] {"uncovered", "covered"}) {
                String n = dir.resolve("trucks-" + load).toString();
                Path[][] variants = {{Path.of(n + ".mp4"), null}, {Path.of(n + "-320.mp4"), null},
                    {Path.of(n + "-320.mp4"), Path.of(n + ".mp4")}, {Path.of(n + "-night.mp4"), null},
                    {Path.of(n + "-night-320.mp4"), null}, {Path.of(n + "-night-320.mp4"), Path.of(n + "-night.mp4")}};
                for (String step : STEPS) {
                    md.append("| ").append(load).append(" | ").append(step);
                    for (Path[] v : variants) {
                        md.append(" | ").append(Files.isRegularFile(v[0]) ? trucks(det, v[0], v[1], step) : "missing");
                    }
                    md.append(" |\n");
                }
            }
        }
        md.append("\nCells: trucks reported (violations), and the rule's time per analysed picture.\n\n");
        Path main = dir.resolve("trucks-uncovered.mp4");
        if (Files.isRegularFile(main)) {
            md.append(String.format(Locale.ROOT, "Decoding one main-stream keyframe (640x480) from its ring: %.2f ms%n",
                    keyframeMs(main)));
        }
        md.append(String.format(Locale.ROOT, "Waste-water rule, one drain, 768x576 picture: %.3f ms per picture%n",
                wasteWaterMs()));
        System.out.print(md);
    }

    private static Settings settings(RuleType<?> type, String overrides) throws Exception {
        Map<String, Object> o = new LinkedHashMap<>();
        for (String kv : overrides.split(",")) {
            if (kv.isEmpty()) {
                continue;
            }
            String[] a = kv.split("=");
            Object v; // not a ternary: it would promote an integer to a double
            if (a[1].equals("true") || a[1].equals("false")) {
                v = Boolean.valueOf(a[1]);
            } else if (a[1].contains(".")) {
                v = Double.valueOf(a[1]);
            } else {
                v = Integer.valueOf(a[1]);
            }
            o.put(a[0], v);
        }
        return type.config().defaults().with(type.config().parseOverrides(JsonMapper.builder().build()
                .valueToTree(o), "report", type.name()));
    }

    private static Scene scene(RuleType<?> type, Settings s, Zone zone) {
        return new Scene("cam", List.of(zone), Map.of(type.name(), s), Tracker.Params.of(Tracker.CONFIG.defaults()),
                MotionGate.Params.of(MotionGate.CONFIG.defaults()), AimCheck.Params.of(AimCheck.CONFIG.defaults()),
                ZoneId.of("UTC"));
    }

    private static Zone zone(String id, ZoneType type, double x1, double y1, double x2, double y2) {
        return new Zone(id, type, new Polygon(List.of(new double[] {x1, y1}, new double[] {x2, y1},
                new double[] {x2, y2}, new double[] {x1, y2})), null, null, Schedule.ALWAYS, Map.of());
    }

    /** A picture with a time; {@code main} is offered as the record stream's keyframe (null: none). */
    private static Picture picture(Mat img, long pts, Mat main) {
        return new PlainPicture("cam", pts, 1_764_000_000_000L + pts / 1000, img, main);
    }

    private static final class Count implements ViolationSink {
        final List<Violation> found = new ArrayList<>();

        @Override
        public void confirmed(Violation v) {
            found.add(v);
        }

        @Override
        public void warned(Violation v) {
            // a warning is not a violation: not counted
        }

        @Override
        public void ended(Violation v, long endUs, long endWallMs) {
        }
    }

    /**
     * The video sampled every 0.5 s (every 12.5 frames at 25 fps) through the model, the tracker and the rule; the
     * main stream, read in step, is offered at its keyframes (every 50 frames), as a camera's ring would hold them.
     */
    private static String trucks(Detector det, Path video, Path mainVideo, String step) throws Exception {
        Scene scene = scene(UncoveredMuckTruckRule.TYPE, settings(UncoveredMuckTruckRule.TYPE, step),
                zone("road", ZoneType.ROAD, 0, 0, 1, 1));
        Rule rule = UncoveredMuckTruckRule.TYPE.create("cam", RuleEnv.standalone());
        Tracker tracker = new Tracker();
        Count sink = new Count();
        long nanos = 0;
        int pictures = 0;
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile());
             OpenCVFrameConverter.ToMat c = new OpenCVFrameConverter.ToMat();
             FFmpegFrameGrabber gm = mainVideo == null ? null : new FFmpegFrameGrabber(mainVideo.toFile());
             OpenCVFrameConverter.ToMat cm = new OpenCVFrameConverter.ToMat()) {
            g.start();
            if (gm != null) {
                gm.start();
            }
            int k = 0;
            for (int i = 0; ; i++) {
                org.bytedeco.javacv.Frame f = g.grabImage();
                org.bytedeco.javacv.Frame fm = gm == null ? null : gm.grabImage();
                if (f == null) {
                    break;
                }
                if (i != Math.round(k * 12.5)) {
                    continue;
                }
                k++;
                long pts = i * 40_000L;
                try (Mat img = c.convert(f).clone(); Mat main = fm != null && i % 50 == 0 ? cm.convert(fm).clone() : null) {
                    List<Detection> dets = det.detect(img);
                    List<Track> tracks = tracker.update(dets, x -> x.score() >= 0.3f, pts, scene.tracker());
                    long t0 = System.nanoTime();
                    try (Observation o = Observation.of(picture(img, pts, main), scene, tracks)) {
                        rule.evaluate(o, sink);
                    }
                    nanos += System.nanoTime() - t0;
                    pictures++;
                }
            }
        }
        return String.format(Locale.ROOT, "%d (%.2f ms)", sink.found.size(), nanos / 1e6 / Math.max(1, pictures));
    }

    /** Median time of decoding the keyframe nearest a frame from a ring holding 20 s of the video. */
    private static double keyframeMs(Path video) throws Exception {
        PacketRing ring = new PacketRing(20_000_000L, 64L << 20);
        CameraClock clock = new CameraClock(false, 0);
        long last = 0;
        try (PacketSource src = PacketSource.open(video.toString(), Duration.ofSeconds(10))) {
            ring.stream(src.info());
            PacketSource.Read r;
            while ((r = src.read(Duration.ofSeconds(10))) != null && last < 20_000_000L) {
                long[] t = clock.map(r.ptsUs(), r.dtsUs(), 0);
                ring.append(new Packet(t[0], t[1], r.durationUs(), r.key(), r.data()));
                last = t[0];
            }
        }
        double[] ms = new double[40];
        try (Mat none = new Mat()) {
            for (int i = 0; i < ms.length; i++) {
                Frame f = new Frame("cam", i, (i % 8) * 2_000_000L + 40_000L, 0, none, 640, 480, ring, ring);
                long t0 = System.nanoTime();
                f.decodeRecorded(100_000L).ifPresent(Mat::close);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        java.util.Arrays.sort(ms);
        return ms[ms.length / 2];
    }

    /** The waste-water rule on a 768x576 asphalt picture with one drain and a person beside it, per picture. */
    private static double wasteWaterMs() throws Exception {
        Scene scene = scene(WasteWaterRule.TYPE, settings(WasteWaterRule.TYPE, ""),
                zone("drain", ZoneType.DRAIN, 0.72, 0.63, 0.8, 0.71));
        Rule rule = WasteWaterRule.TYPE.create("cam", RuleEnv.standalone());
        Tracker tracker = new Tracker();
        Count sink = new Count();
        Random r = new Random(1);
        byte[] px = new byte[768 * 576 * 3];
        r.nextBytes(px);
        int n = 2000;
        long nanos = 0;
        try (Scalar grey = new Scalar(120, 120, 120, 0); Mat img = new Mat(576, 768, CV_8UC3, grey)) {
            for (int i = 0; i < n; i++) {
                long pts = i * 1_000_000L;
                List<Detection> dets = i % 100 < 20
                        ? List.of(new Detection(0, "person", "person", 0.9f, new Box(500, 280, 540, 380))) : List.of();
                List<Track> tracks = tracker.update(dets, x -> true, pts, scene.tracker());
                long t0 = System.nanoTime();
                try (Observation o = Observation.of(picture(img, pts, null), scene, tracks)) {
                    rule.evaluate(o, sink);
                }
                nanos += System.nanoTime() - t0;
            }
        }
        return nanos / 1e6 / n;
    }
}
