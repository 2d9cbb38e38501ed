package org.streetwatch.ingest.source;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_CORRUPT;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.time.Duration;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.streetwatch.ingest.packet.StreamInfo;

/**
 * Reads the compressed video packets of one camera connection or one pass over a file, without decoding them.
 *
 * <p>Opened with JavaCV's {@code startUnsafe()}: the safe {@code start()} holds one JVM-wide lock through the whole
 * network open and probe, so one dead camera would delay every other connect. RTSP runs over TCP with a socket timeout
 * (which also bounds every later read, so a silent camera cannot hang its thread) and a short probe.
 *
 * <p>Owned by one camera thread. Not thread-safe.
 */
public final class PacketSource implements AutoCloseable {

    /** A packet as read, timestamps in stream microseconds ({@code Long.MIN_VALUE} when unknown). */
    public record Read(long ptsUs, long dtsUs, long durationUs, boolean key, boolean corrupt, byte[] data) {
    }

    private static final AVRational MICROS = new AVRational().num(1).den(1_000_000);

    private final FFmpegFrameGrabber grabber;
    private final int videoIndex;
    private final AVRational timeBase;
    private final StreamInfo info;
    private final String safeUrl;

    private PacketSource(FFmpegFrameGrabber grabber, int videoIndex, StreamInfo info, String safeUrl) {
        this.grabber = grabber;
        this.videoIndex = videoIndex;
        this.timeBase = grabber.getFormatContext().streams(videoIndex).time_base();
        this.info = info;
        this.safeUrl = safeUrl;
    }

    /**
     * Connects to an {@code rtsp://} camera or opens a local file.
     *
     * @param timeout socket I/O timeout for network sources: bounds the connect and every read
     */
    public static PacketSource open(String url, Duration timeout) throws SourceException {
        FfmpegLog.install();
        String safe = SafeUrl.redact(url);
        boolean file = SafeUrl.isFile(url);
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file ? SafeUrl.filePath(url) : url);
        if (!file) {
            String us = Long.toString(timeout.toMillis() * 1000);
            if (url.regionMatches(true, 0, "rtsp", 0, 4)) {
                g.setOption("rtsp_transport", "tcp");
                g.setOption("timeout", us);
            } else {
                g.setOption("rw_timeout", us);
            }
            g.setOption("analyzeduration", "1000000");
            g.setOption("probesize", "1000000");
        }
        // the grabber opens a decoder we never feed: keep it single-threaded so it allocates next to nothing
        g.setVideoOption("threads", "1");
        try {
            g.startUnsafe();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            release(g);
            throw new SourceException("cannot open " + safe, e);
        }
        AVFormatContext oc = g.getFormatContext();
        int vi = -1;
        for (int i = 0; i < oc.nb_streams(); i++) {
            if (oc.streams(i).codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) {
                vi = i;
                break;
            }
        }
        if (vi < 0) {
            release(g);
            throw new SourceException(safe + " has no video stream");
        }
        AVStream st = oc.streams(vi);
        AVCodecParameters par = st.codecpar();
        if (par.width() <= 0 || par.height() <= 0) {
            release(g);
            throw new SourceException(safe + ": video stream has no size (corrupt or unsupported)");
        }
        byte[] extradata = new byte[Math.max(par.extradata_size(), 0)];
        if (extradata.length > 0) {
            par.extradata().get(extradata);
        }
        double fps = st.avg_frame_rate().den() > 0 ? av_q2d(st.avg_frame_rate()) : 0;
        if (!(fps > 0 && fps < 1000) && st.r_frame_rate().den() > 0) {
            fps = av_q2d(st.r_frame_rate());
        }
        StreamInfo info = new StreamInfo(par.codec_id(), avcodec_get_name(par.codec_id()).getString(), par.width(),
                par.height(), par.format(), par.profile(), par.level(), extradata, fps > 0 && fps < 1000 ? fps : 0);
        return new PacketSource(g, vi, info, safe);
    }

    public StreamInfo info() {
        return info;
    }

    /**
     * The next video packet, or null at the end of the file or when the connection is lost. Other streams' packets
     * are skipped, but only until {@code stall}: a camera that sends audio and no video is stalled too.
     */
    public Read read(Duration stall) throws SourceException {
        long deadline = System.nanoTime() + stall.toNanos();
        while (true) {
            AVPacket p;
            try {
                p = grabber.grabPacket();
            } catch (FrameGrabber.Exception | RuntimeException e) {
                throw new SourceException("read failed on " + safeUrl, e);
            }
            if (p == null) {
                return null;
            }
            try {
                if (p.stream_index() != videoIndex) {
                    if (System.nanoTime() > deadline) {
                        throw new SourceException("no video from " + safeUrl + " for " + stall.toSeconds() + " s");
                    }
                    continue;
                }
                int size = p.size();
                byte[] data = new byte[Math.max(size, 0)];
                if (size > 0) {
                    p.data().get(data);
                }
                return new Read(micros(p.pts()), micros(p.dts()), Math.max(0, micros(p.duration())),
                        (p.flags() & AV_PKT_FLAG_KEY) != 0, (p.flags() & AV_PKT_FLAG_CORRUPT) != 0 || size <= 0,
                        data);
            } finally {
                av_packet_unref(p);
            }
        }
    }

    private long micros(long ts) {
        return ts == AV_NOPTS_VALUE ? Long.MIN_VALUE : av_rescale_q(ts, timeBase, MICROS);
    }

    @Override
    public void close() {
        release(grabber);
    }

    private static void release(FFmpegFrameGrabber g) {
        try {
            g.releaseUnsafe();
        } catch (FrameGrabber.Exception | RuntimeException ignored) {
            // closing a broken connection: nothing left to recover
        }
    }
}
