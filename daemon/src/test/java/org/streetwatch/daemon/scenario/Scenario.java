package org.streetwatch.daemon.scenario;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.fillPoly;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.streetwatch.ingest.decode.FrameDecoder;
import org.streetwatch.ingest.packet.Packet;
import org.streetwatch.ingest.source.CameraClock;
import org.streetwatch.ingest.source.PacketSource;

/**
 * A scenario video built from real footage: a stretch of a real camera's video with real objects composited in at
 * known times and places, and effects (a wet patch, a painted load) over known intervals. Rendered once to H.264
 * with a 2 s GOP, as a camera would send it, then run through the real pipeline like any camera.
 */
final class Scenario {

    /** Something drawn on each frame at time {@code t} seconds. */
    interface Layer {
        void draw(Mat frame, int index, double t);
    }

    private final String name;
    private final Path background;
    private final double startS;
    private final double seconds;
    private final double upscale;
    private final List<Layer> layers = new ArrayList<>();

    Scenario(String name, Path background, double startS, double seconds, double upscale) {
        this.name = name;
        this.background = background;
        this.startS = startS;
        this.seconds = seconds;
        this.upscale = upscale;
    }

    /** A sprite moving in a straight line (normalised coordinates of its bottom centre) from fromS to toS. */
    Scenario move(Sprite s, double fromS, double toS, double x0, double y0, double x1, double y1) {
        layers.add((frame, i, t) -> {
            if (t >= fromS && t < toS) {
                double a = toS > fromS ? (t - fromS) / (toS - fromS) : 0;
                s.paste(frame, (int) Math.round((x0 + (x1 - x0) * a) * frame.cols()),
                        (int) Math.round((y0 + (y1 - y0) * a) * frame.rows()));
            }
        });
        return this;
    }

    /** A sprite standing still. */
    Scenario place(Sprite s, double fromS, double toS, double x, double y) {
        return move(s, fromS, toS, x, y, x, y);
    }

    /** Pixels inside the polygon darkened to {@code factor} of their value, as wet asphalt is. */
    Scenario wet(List<double[]> polygon, double fromS, double toS, double factor) {
        layers.add((frame, i, t) -> {
            if (t < fromS || t >= toS) {
                return;
            }
            try (Mat mask = new Mat(frame.rows(), frame.cols(), CV_8UC1, new Scalar(0));
                 Mat pts = new Mat(polygon.size(), 1, org.bytedeco.opencv.global.opencv_core.CV_32SC2)) {
                IntPointer ip = new IntPointer(pts.data());
                for (int k = 0; k < polygon.size(); k++) {
                    ip.put(2L * k, (int) Math.round(polygon.get(k)[0] * frame.cols()));
                    ip.put(2L * k + 1, (int) Math.round(polygon.get(k)[1] * frame.rows()));
                }
                try (MatVector v = new MatVector(pts)) {
                    fillPoly(mask, v, new Scalar(255));
                }
                ByteBuffer px = frame.createBuffer();
                ByteBuffer m = mask.createBuffer();
                int step = (int) frame.step();
                for (int y = 0; y < frame.rows(); y++) {
                    for (int x = 0; x < frame.cols(); x++) {
                        if (m.get(y * (int) mask.step() + x) != 0) {
                            int p = y * step + x * 3;
                            for (int c = 0; c < 3; c++) {
                                px.put(p + c, (byte) Math.round((px.get(p + c) & 0xff) * factor));
                            }
                        }
                    }
                }
            }
        });
        return this;
    }

    /** The picture's light going to {@code gain} of itself over {@code rampS} from {@code fromS} (a cloud, dusk). */
    Scenario light(double fromS, double rampS, double gain) {
        layers.add((frame, i, t) -> {
            if (t >= fromS) {
                double g = 1 + (gain - 1) * Math.min(1, (t - fromS) / rampS);
                frame.convertTo(frame, -1, g, 0);
            }
        });
        return this;
    }

    /**
     * A car's headlights on the ground: a pool of light that multiplies what the ground reflects by up to
     * {@code 1 + boost} at its centre (radius {@code radius} of the picture's width), moving from (x0, y0) to
     * (x1, y1) over fromS..toS, then waiting there until {@code untilS}.
     */
    Scenario headlight(double fromS, double toS, double untilS, double x0, double y0, double x1, double y1,
                       double radius, double boost) {
        layers.add((frame, i, t) -> {
            if (t < fromS || t >= untilS) {
                return;
            }
            double a = Math.min(1, (t - fromS) / (toS - fromS));
            double cx = (x0 + (x1 - x0) * a) * frame.cols();
            double cy = (y0 + (y1 - y0) * a) * frame.rows();
            double r = radius * frame.cols();
            ByteBuffer px = frame.createBuffer();
            int step = (int) frame.step();
            for (int y = (int) Math.max(0, cy - 2 * r); y < Math.min(frame.rows(), cy + 2 * r); y++) {
                for (int x = (int) Math.max(0, cx - 2 * r); x < Math.min(frame.cols(), cx + 2 * r); x++) {
                    double gain = 1 + boost * Math.exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (r * r / 2));
                    for (int c = 0; c < 3; c++) {
                        int p = y * step + x * 3 + c;
                        px.put(p, (byte) Math.min(255, (int) Math.round((px.get(p) & 0xff) * gain)));
                    }
                }
            }
        });
        return this;
    }

    /** From {@code fromS} on, the whole picture as {@code view} makes it (moved, turned, covered, blurred). */
    Scenario from(double fromS, java.util.function.UnaryOperator<Mat> view) {
        layers.add((frame, i, t) -> {
            if (t >= fromS) {
                try (Mat seen = view.apply(frame)) {
                    seen.copyTo(frame);
                }
            }
        });
        return this;
    }

    /**
     * A rectangle of the picture (normalised x1, y1, x2, y2 at time t, clipped to the frame) darkened to
     * {@code factor} of its light from {@code fromS} on: rain clouds over the whole street, a shadow sweeping over it.
     */
    Scenario shade(double fromS, double toS, double factor, java.util.function.DoubleFunction<double[]> rectAt) {
        layers.add((frame, i, t) -> {
            if (t < fromS || t >= toS) {
                return;
            }
            double[] r = rectAt.apply(t);
            int x1 = (int) Math.max(0, Math.round(r[0] * frame.cols()));
            int y1 = (int) Math.max(0, Math.round(r[1] * frame.rows()));
            int x2 = (int) Math.min(frame.cols(), Math.round(r[2] * frame.cols()));
            int y2 = (int) Math.min(frame.rows(), Math.round(r[3] * frame.rows()));
            if (x2 > x1 && y2 > y1) {
                try (org.bytedeco.opencv.opencv_core.Rect rect = new org.bytedeco.opencv.opencv_core.Rect(x1, y1,
                        x2 - x1, y2 - y1); Mat roi = frame.apply(rect)) {
                    roi.convertTo(roi, -1, factor, 0);
                }
            }
        });
        return this;
    }

    Scenario layer(Layer l) {
        layers.add(l);
        return this;
    }

    /** Renders (once: the file is kept under {@code dir}) and returns the video. */
    Path render(Path dir) throws IOException {
        Path out = dir.resolve(name + ".mp4");
        if (Files.isRegularFile(out)) {
            return out;
        }
        Files.createDirectories(dir);
        Path tmp = dir.resolve(name + ".part.mp4");
        try (Background bg = new Background(background, upscale);
             FFmpegFrameRecorder rec = new FFmpegFrameRecorder(tmp.toFile(), bg.width, bg.height, 0);
             OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat()) {
            rec.setFormat("mp4");
            rec.setVideoCodecName("libopenh264");
            rec.setFrameRate(bg.fps);
            rec.setGopSize((int) Math.round(2 * bg.fps));
            rec.setVideoBitrate(1_500_000);
            rec.setPixelFormat(AV_PIX_FMT_YUV420P);
            rec.start();
            bg.skip((int) Math.round(startS * bg.fps));
            int n = (int) Math.round(seconds * bg.fps);
            for (int i = 0; i < n; i++) {
                try (Mat f = bg.next((int) Math.round(startS * bg.fps))) {
                    for (Layer l : layers) {
                        l.draw(f, i, i / bg.fps);
                    }
                    rec.record(conv.convert(f));
                }
            }
            rec.stop();
        } catch (org.streetwatch.ingest.decode.DecodeException e) {
            throw new IOException(e.getMessage(), e);
        }
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return out;
    }

    /** The background video, frame by frame; at its end it plays again from the start of the stretch. */
    private static final class Background implements AutoCloseable {
        final Path file;
        final double upscale;
        final double fps;
        final int width;
        final int height;
        private PacketSource src;
        private FrameDecoder dec;
        private CameraClock clock;

        Background(Path file, double upscale) throws IOException, org.streetwatch.ingest.decode.DecodeException {
            this.file = file;
            this.upscale = upscale;
            open();
            fps = src.info().frameRate() > 0 ? src.info().frameRate() : 25;
            width = (int) Math.round(src.info().width() * upscale);
            height = (int) Math.round(src.info().height() * upscale);
        }

        private void open() throws IOException, org.streetwatch.ingest.decode.DecodeException {
            close();
            src = PacketSource.open(file.toString(), Duration.ofSeconds(10));
            dec = new FrameDecoder(src.info());
            clock = new CameraClock(false, 0);
        }

        void skip(int frames) throws IOException, org.streetwatch.ingest.decode.DecodeException {
            for (int i = 0; i < frames; i++) {
                next(0).close();
            }
        }

        Mat next(int loopStart) throws IOException, org.streetwatch.ingest.decode.DecodeException {
            while (true) {
                PacketSource.Read r = src.read(Duration.ofSeconds(10));
                if (r == null) {
                    open();
                    skip(loopStart);
                    continue;
                }
                long[] t = clock.map(r.ptsUs(), r.dtsUs(), 0);
                if (dec.decode(new Packet(t[0], t[1], r.durationUs(), r.key(), r.data()))) {
                    Mat m = dec.toBgr(src.info().width(), src.info().height());
                    if (upscale == 1) {
                        return m;
                    }
                    Mat big = new Mat();
                    resize(m, big, new Size(width, height), 0, 0, INTER_LINEAR);
                    m.close();
                    return big;
                }
            }
        }

        @Override
        public void close() {
            if (dec != null) {
                dec.close();
            }
            if (src != null) {
                src.close();
            }
        }
    }
}
