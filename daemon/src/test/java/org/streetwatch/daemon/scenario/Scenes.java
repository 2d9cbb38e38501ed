package org.streetwatch.daemon.scenario;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.streetwatch.detector.Detection;
import org.streetwatch.detector.inference.Detector;
import org.streetwatch.detector.inference.InferenceException;
import org.streetwatch.detector.model.ModelCatalog;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.ingest.testing.Footage;
import org.streetwatch.ingest.testing.SharedData;

/**
 * The scenario videos, from the shared footage and the objects in the shared pictures. Every place is a fraction of
 * the picture; the zones in the scenario configs are drawn around these places.
 */
public final class Scenes {

    /** The top of every scenario's config: the real model (MODELS is replaced), evidence beside the config. */
    static final String CONFIG_HEAD = """
            http: {port: 0}
            detector: {models_dir: "MODELS"}
            evidence: {dir: evidence}
            tracker: {stationary_min_s: 3}
            """;

    /**
     * Where things stand on the vtest campus scene (bottom centre of the object). Near the camera, on the grass at
     * the bottom, objects are large: a bicycle there is 140 pixels tall, a size YOLOX-Nano finds it at.
     */
    static final double[] STALL = {0.62, 0.95};
    static final double[] CART = {0.82, 0.95};
    static final double[] BIKES_Y = {0.95};
    static final double[] DRAIN_PERSON = {0.68, 0.66};
    static final List<double[]> DRAIN = List.of(new double[] {0.72, 0.63}, new double[] {0.80, 0.63},
            new double[] {0.80, 0.71}, new double[] {0.72, 0.71});

    private Scenes() {
    }

    static Path dir() {
        return Footage.cache().resolve("scenarios");
    }

    static Path vtest() {
        return SharedData.video("vtest_h264.mp4");
    }

    /** A pedestrian of the campus footage itself (30 s in), so the light matches the scene. */
    static Sprite person(int height) {
        return Sprite.cut(frame(vtest(), 30), 312, 205, 42, 96, height);
    }

    /** The bicycle of darknet's dog.jpg (with the dog sitting in front of it), as a rectangle. */
    static Sprite bike() {
        return Sprite.rect(SharedData.require("data/images/dog.jpg"), 40, 120, 545, 315, 140);
    }

    /** A frame of a video at {@code seconds}, saved once as a picture. */
    static Path frame(Path video, double seconds) {
        Path out = dir().resolve(video.getFileName() + "-" + seconds + "s.png");
        if (!java.nio.file.Files.isRegularFile(out)) {
            try (org.bytedeco.javacv.FFmpegFrameGrabber g = new org.bytedeco.javacv.FFmpegFrameGrabber(video.toFile());
                 org.bytedeco.javacv.OpenCVFrameConverter.ToMat c = new org.bytedeco.javacv.OpenCVFrameConverter.ToMat()) {
                g.start();
                g.setTimestamp((long) (seconds * 1e6));
                java.nio.file.Files.createDirectories(dir());
                org.bytedeco.opencv.global.opencv_imgcodecs.imwrite(out.toString(), c.convert(g.grabImage()));
                g.stop();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** Meituan's yellow. */
    static Sprite yellowBike() {
        return bike().tinted(0, 200, 255, 0.65);
    }

    /** A vendor and their cart (a bicycle, as COCO models see a tricycle) appearing at {@code appearS}. */
    static Path vending(String name, double appearS) throws IOException {
        return new Scenario(name, vtest(), 0, appearS + 50, 1)
                .place(person(160), appearS, appearS + 48, STALL[0], STALL[1])
                .place(bike(), appearS, appearS + 48, CART[0], CART[1])
                .render(dir());
    }

    /**
     * A vendor and their cart standing at the stall for the whole of {@code seconds} of the campus footage: a live
     * camera's stall that is there whenever a zone is drawn around it ({@link #STALL}, {@link #CART}).
     */
    public static Path standingVendor(double seconds) throws IOException {
        return new Scenario("vending-all-along-" + (int) seconds, vtest(), 0, seconds, 1)
                .place(person(160), 0, seconds, STALL[0], STALL[1])
                .place(bike(), 0, seconds, CART[0], CART[1])
                .render(dir());
    }

    static Path parkedBikes() throws IOException {
        Sprite b = yellowBike();
        return new Scenario("bikes-2-parked", vtest(), 0, 60, 1)
                .place(b, 4, 56, 0.17, BIKES_Y[0])
                .place(b, 4, 56, 0.50, BIKES_Y[0])
                .render(dir());
    }

    static Path bikePassing() throws IOException {
        return new Scenario("bike-passing", vtest(), 0, 40, 1)
                .move(yellowBike(), 2, 30, 0.10, BIKES_Y[0], 0.90, BIKES_Y[0])
                .render(dir());
    }

    static Path bikeInBay() throws IOException {
        return new Scenario("bike-in-bay", vtest(), 0, 50, 1)
                .place(yellowBike(), 4, 48, 0.30, BIKES_Y[0])
                .render(dir());
    }

    /** A no_storage zone on the campus pavement where people walk, and where things are put in it. */
    static final List<double[]> STORE = List.of(new double[] {0.20, 0.36}, new double[] {0.70, 0.36},
            new double[] {0.70, 0.64}, new double[] {0.20, 0.64});
    static final double[] PILE = {0.45, 0.58};
    /** A no_hanging zone high on the left, and where a cloth hangs in it. */
    static final List<double[]> RAILING = List.of(new double[] {0.02, 0.02}, new double[] {0.40, 0.02},
            new double[] {0.40, 0.30}, new double[] {0.02, 0.30});
    static final double[] CLOTH = {0.20, 0.24};

    /** A polygon as a config writes it: [[x, y], ...]. */
    static String yaml(List<double[]> polygon) {
        StringBuilder s = new StringBuilder("[");
        for (double[] p : polygon) {
            s.append(s.length() > 1 ? ", " : "")
                    .append(String.format(java.util.Locale.ROOT, "[%.2f, %.2f]", p[0], p[1]));
        }
        return s.append(']').toString();
    }

    /** A heap of the campus scene's own gravel, as builders leave it. */
    static Sprite pile() {
        return Sprite.rect(frame(vtest(), 0), 305, 172, 95, 26, 50);
    }

    /** A fur-coloured blanket (a patch of darknet's dog.jpg), as laundry hung out. */
    static Sprite cloth() {
        return Sprite.rect(SharedData.require("data/images/dog.jpg"), 150, 250, 140, 110, 90);
    }

    /** The campus scene with what {@code adds} puts in it, {@code seconds} long. */
    static Path stationary(String name, double seconds, java.util.function.UnaryOperator<Scenario> adds)
            throws IOException {
        return adds.apply(new Scenario(name, vtest(), 0, seconds, 1)).render(dir());
    }

    static Path dumping(boolean wet) throws IOException {
        Scenario s = new Scenario(wet ? "drain-dumping" : "drain-person-only", vtest(), 0, 50, 1)
                .place(person(100), 4, 16, DRAIN_PERSON[0], DRAIN_PERSON[1]);
        if (wet) {
            s.wet(DRAIN, 12, 50, 0.55);
        }
        return s.render(dir());
    }

    /** A vendor with goods on a blue tarpaulin spread on the ground (a stall no COCO class describes), from 2 s. */
    static Path tarpaulin() throws IOException {
        return new Scenario("vending-tarpaulin", vtest(), 0, 30, 1)
                .place(person(160), 2, 30, STALL[0], STALL[1])
                .layer((f, i, t) -> {
                    if (t < 2) {
                        return;
                    }
                    try (Rect sheet = new Rect(560, 500, 200, 60); Mat m = f.apply(sheet);
                         Scalar blue = new Scalar(160, 90, 30, 0)) {
                        m.put(blue);
                    }
                    for (int k = 0; k < 5; k++) {
                        try (Rect box = new Rect(570 + k * 38, 505, 28, 22); Mat m = f.apply(box);
                             Scalar goods = new Scalar(40 * k, 200 - 30 * k, 220, 0)) {
                            m.put(goods);
                        }
                    }
                })
                .render(dir());
    }

    /** The whole picture. */
    private static final double[] EVERYWHERE = {0, 0, 1, 1};

    /**
     * A drain where a dark patch appears at 12 s, 6 s after the footage's own pedestrians last passed it (they come
     * back at 19 s): an old puddle by the time anyone comes; and a person who walks up to it from 20 s to 32 s.
     */
    static Path oldPuddle() throws IOException {
        return new Scenario("drain-old-puddle", vtest(), 0, 50, 1)
                .wet(DRAIN, 12, 50, 0.55)
                .place(person(100), 20, 32, DRAIN_PERSON[0], DRAIN_PERSON[1])
                .render(dir());
    }

    /**
     * A person at the drain from 4 s to 16 s, and from 8 s the whole street at 60 % of its light, as under rain
     * clouds; with {@code poured}, a wet patch at the drain from 12 s besides.
     */
    static Path rain(boolean poured) throws IOException {
        Scenario s = new Scenario(poured ? "drain-rain-poured" : "drain-rain", vtest(), 0, 50, 1)
                .place(person(100), 4, 16, DRAIN_PERSON[0], DRAIN_PERSON[1]);
        if (poured) {
            s.wet(DRAIN, 12, 50, 0.55);
        }
        return s.shade(8, 50, 0.6, t -> EVERYWHERE).render(dir());
    }

    /** A person at the drain from 4 s to 30 s while a building's shadow, a third of the picture wide, sweeps over. */
    static Path shadowSweep() throws IOException {
        return new Scenario("drain-shadow", vtest(), 0, 50, 1)
                .place(person(100), 4, 30, DRAIN_PERSON[0], DRAIN_PERSON[1])
                .shade(6, 50, 0.5, t -> new double[] {-0.35 + (t - 6) * 0.04, 0, (t - 6) * 0.04, 1})
                .render(dir());
    }

    /**
     * Trucks of the motorway footage (upscaled 2x) with their load painted: gravel from the campus scene (uncovered),
     * or a green dust net (covered). The trucks, their motion and their detection are the footage's own.
     */
    static Path trucks(boolean covered, Detector detector) throws IOException {
        Mat campus = firstFrame(vtest());
        Mat texture;
        try (Rect gravel = new Rect(305, 172, 95, 26); Rect grass = new Rect(120, 330, 180, 60)) {
            texture = campus.apply(covered ? grass : gravel).clone();
        }
        if (covered) {
            // a dust net: the green of the grass, deeper
            try (Mat more = new Mat(texture.size(), texture.type(), new org.bytedeco.opencv.opencv_core.Scalar(0, 40, 0, 0));
                 Mat less = new Mat(texture.size(), texture.type(), new org.bytedeco.opencv.opencv_core.Scalar(20, 0, 20, 0))) {
                org.bytedeco.opencv.global.opencv_core.add(texture, more, texture);
                org.bytedeco.opencv.global.opencv_core.subtract(texture, less, texture);
            }
        }
        Mat tex = texture;
        return new Scenario(covered ? "trucks-covered" : "trucks-uncovered",
                SharedData.video("highway_cctv_truck_cyclist_h264.mp4"), 0, 30, 2)
                .layer((frame, i, t) -> {
                    try {
                        for (Detection d : detector.detect(frame)) {
                            if (d.label().equals("truck") && d.score() >= 0.3f) {
                                paint(frame, tex, d);
                            }
                        }
                    } catch (InferenceException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .render(dir());
    }

    /** The texture tiled over the top 45 % of the truck's box (its load, seen from above and behind). */
    private static void paint(Mat frame, Mat tex, Detection d) {
        int x1 = (int) Math.max(0, d.box().x1() + d.box().width() * 0.08);
        int x2 = (int) Math.min(frame.cols(), d.box().x2() - d.box().width() * 0.08);
        int y1 = (int) Math.max(0, d.box().y1());
        int y2 = (int) Math.min(frame.rows(), d.box().y1() + d.box().height() * 0.45);
        for (int y = y1; y < y2; y += tex.rows()) {
            for (int x = x1; x < x2; x += tex.cols()) {
                int w = Math.min(tex.cols(), x2 - x);
                int h = Math.min(tex.rows(), y2 - y);
                try (Rect dst = new Rect(x, y, w, h); Rect src = new Rect(0, 0, w, h); Mat d2 = frame.apply(dst);
                     Mat s2 = tex.apply(src)) {
                    s2.copyTo(d2);
                }
            }
        }
    }

    /**
     * The video made over with an FFmpeg filter graph (FFmpeg's own program, as bundled with its Java bindings), as
     * H.264 with the same 2 s GOP as the scenarios: a camera's sub-stream ({@code scale=320:240}), night (darker, low
     * contrast, noisy). Made once under {@link #dir()}.
     */
    static Path filtered(Path video, String name, String filter) throws IOException {
        Path out = dir().resolve(name + ".mp4");
        if (java.nio.file.Files.isRegularFile(out)) {
            return out;
        }
        Path tmp = dir().resolve(name + ".part.mp4");
        String ffmpeg = org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        Process p = new ProcessBuilder(ffmpeg, "-loglevel", "error", "-y", "-i", video.toString(), "-vf", filter,
                "-c:v", "libopenh264", "-b:v", "1500k", "-g", "50", "-pix_fmt", "yuv420p", tmp.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IOException("ffmpeg " + filter + " failed: " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        java.nio.file.Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return out;
    }

    /** A CIF sub-stream of the video. */
    static final String SUB_STREAM = "scale=320:240";
    /** Night: a third of the light, contrast squeezed, colours faded, sensor noise changing every frame. */
    static final String NIGHT = "colorlevels=romax=0.35:gomax=0.35:bomax=0.35:romin=0.04:gomin=0.04:bomin=0.04,"
            + "hue=s=0.5,noise=alls=14:allf=t";

    static Mat firstFrame(Path video) {
        try (org.bytedeco.javacv.FFmpegFrameGrabber g = new org.bytedeco.javacv.FFmpegFrameGrabber(video.toFile());
             org.bytedeco.javacv.OpenCVFrameConverter.ToMat c = new org.bytedeco.javacv.OpenCVFrameConverter.ToMat()) {
            g.start();
            Mat m = c.convert(g.grabImage()).clone();
            g.stop();
            return m;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Detector detector() throws Exception {
        ModelCatalog c = new ModelCatalog(List.of(SharedData.models()));
        ModelDescriptor d = c.descriptor("yolox_nano");
        // fitted, as the daemon detects by default (detector.fit_input): trucks are painted where it sees them
        return Detector.open(d, c.weights(d), Detector.Options.defaults().withFit(true));
    }
}
