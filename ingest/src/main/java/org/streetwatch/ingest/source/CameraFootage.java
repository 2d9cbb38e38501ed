package org.streetwatch.ingest.source;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Turns recorded footage into what a street camera sends: H.264 with a fixed GOP at about 1 Mbit/s. Used once, up
 * front, to make sample footage (old MPEG-4 files, long GOPs) play the part of a camera in the demo, the tests and the
 * benchmarks. Streetwatch itself never re-encodes camera video.
 */
public final class CameraFootage {

    private CameraFootage() {
    }

    /**
     * Encodes {@code source} to an H.264 MP4 at {@code target} with a keyframe every {@code gopSeconds}, unless the
     * target already exists. Written to a temporary file and renamed, so an interrupted run leaves no half file.
     */
    public static Path h264(Path source, Path target, double gopSeconds, int bitrate) throws IOException {
        if (Files.isRegularFile(target) && Files.size(target) > 0) {
            return target;
        }
        FfmpegLog.install();
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        try (FFmpegFrameGrabber in = new FFmpegFrameGrabber(source.toString())) {
            in.start();
            double fps = in.getFrameRate() > 0 && in.getFrameRate() < 1000 ? in.getFrameRate() : 25;
            try (FFmpegFrameRecorder out = new FFmpegFrameRecorder(tmp.toString(), in.getImageWidth(),
                    in.getImageHeight(), 0)) {
                out.setFormat("mp4");
                out.setVideoCodecName("libopenh264"); // the LGPL FFmpeg build's H.264 encoder
                out.setFrameRate(fps);
                out.setGopSize(Math.max(1, (int) Math.round(gopSeconds * fps)));
                out.setVideoBitrate(bitrate);
                out.setPixelFormat(AV_PIX_FMT_YUV420P);
                out.setOption("movflags", "+faststart");
                out.start();
                Frame f;
                while ((f = in.grabImage()) != null) {
                    out.record(f);
                }
                out.stop();
            }
            in.stop();
        } catch (FrameGrabber.Exception | FrameRecorder.Exception e) {
            Files.deleteIfExists(tmp);
            throw new IOException("cannot encode " + source.getFileName() + " to H.264: " + e.getMessage(), e);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }
}
