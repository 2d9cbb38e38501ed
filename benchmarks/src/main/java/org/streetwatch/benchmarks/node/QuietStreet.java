package org.streetwatch.benchmarks.node;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.opencv.global.opencv_core.CV_16SC3;
import static org.bytedeco.opencv.global.opencv_core.CV_64FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.streetwatch.ingest.testing.Footage;
import org.streetwatch.ingest.testing.SharedData;

/**
 * A quiet street made from the shared vtest footage: its empty plaza (the per-pixel median of pictures spread over the
 * clip, which no passer-by stands in for long) with sensor noise, a passing cloud (the whole picture 30 % darker and
 * back over 20 s), and every {@link #EVERY_S} seconds a real {@link #PASSAGE_S}-second passage of the footage's people
 * pasted in (the pixels that differ from the plate). H.264, 10 fps, 2 s GOP, as a camera sends it; made once and
 * cached under target/, never committed.
 */
final class QuietStreet {

    static final int EVERY_S = 60;
    static final int PASSAGE_S = 6;
    private static final int SECONDS = 240;
    private static final int FPS = 10;

    private QuietStreet() {
    }

    static synchronized Path footage() throws IOException {
        Path out = Footage.cache().resolve("quiet_street_gop2s.mp4");
        if (Files.isRegularFile(out) && Files.size(out) > 0) {
            return out;
        }
        Files.createDirectories(out.getParent());
        List<Mat> source = read(SharedData.video("vtest.avi"));
        Path tmp = out.resolveSibling(out.getFileName() + ".part");
        try (Mat plate = median(source); Mat noise = new Mat(plate.size(), CV_16SC3); Mat wide = new Mat();
             Mat mean = new Mat(1, 1, CV_64FC1, new Scalar(0.0)); Mat std = new Mat(1, 1, CV_64FC1, new Scalar(3.0));
             Mat frame = new Mat(); Mat diff = new Mat(); Mat grey = new Mat(); Mat mask = new Mat();
             OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat();
             FFmpegFrameRecorder rec = new FFmpegFrameRecorder(tmp.toString(), plate.cols(), plate.rows(), 0)) {
            rec.setFormat("mp4");
            rec.setVideoCodecName("libopenh264");
            rec.setFrameRate(FPS);
            rec.setGopSize(2 * FPS);
            rec.setVideoBitrate(1_000_000);
            rec.setPixelFormat(AV_PIX_FMT_YUV420P);
            rec.start();
            for (int i = 0; i < SECONDS * FPS; i++) {
                double t = (double) i / FPS;
                plate.copyTo(frame);
                double inMinute = t % EVERY_S;
                if (inMinute >= EVERY_S / 2.0 && inMinute < EVERY_S / 2.0 + PASSAGE_S) {
                    // the same stretch of the real footage each time, its people pasted over the plate
                    Mat real = source.get((int) ((t / EVERY_S) * 7 + (inMinute - EVERY_S / 2.0) * FPS) % source.size());
                    opencv_core.absdiff(real, plate, diff);
                    opencv_imgproc.cvtColor(diff, grey, opencv_imgproc.COLOR_BGR2GRAY);
                    opencv_imgproc.threshold(grey, mask, 30, 255, opencv_imgproc.THRESH_BINARY);
                    real.copyTo(frame, mask);
                }
                double cloud = t % 240 >= 120 && t % 240 < 140 ? 1 - 0.3 * Math.sin(Math.PI * (t % 240 - 120) / 20) : 1;
                frame.convertTo(frame, -1, cloud, 0);
                opencv_core.randn(noise, mean, std); // sensor noise, +-3 grey levels
                frame.convertTo(wide, CV_16SC3);
                opencv_core.add(wide, noise, wide);
                wide.convertTo(frame, CV_8UC3);
                rec.record(conv.convert(frame));
            }
            rec.stop();
        } finally {
            source.forEach(Mat::close);
        }
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return out;
    }

    private static List<Mat> read(Path video) throws IOException {
        List<Mat> out = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toString());
             OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat()) {
            g.start();
            org.bytedeco.javacv.Frame f;
            while ((f = g.grabImage()) != null) {
                out.add(conv.convert(f).clone());
            }
            g.stop();
        } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
            throw new IOException("cannot read " + video + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The per-pixel median of 31 pictures spread over the clip: the plaza without its passers-by. */
    private static Mat median(List<Mat> frames) {
        int k = 31;
        Mat first = frames.get(0);
        Mat out = new Mat(first.rows(), first.cols(), CV_8UC3);
        UByteIndexer[] in = new UByteIndexer[k];
        for (int j = 0; j < k; j++) {
            in[j] = frames.get(j * (frames.size() - 1) / (k - 1)).createIndexer();
        }
        int[] v = new int[k];
        try (UByteIndexer o = out.createIndexer()) {
            for (int y = 0; y < first.rows(); y++) {
                for (int x = 0; x < first.cols(); x++) {
                    for (int c = 0; c < 3; c++) {
                        for (int j = 0; j < k; j++) {
                            v[j] = in[j].get(y, x, c);
                        }
                        Arrays.sort(v);
                        o.put(y, x, c, v[k / 2]);
                    }
                }
            }
        }
        for (UByteIndexer i : in) {
            i.close();
        }
        return out;
    }
}
