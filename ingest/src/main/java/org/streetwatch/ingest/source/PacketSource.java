package org.streetwatch.ingest.source;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_CORRUPT;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_stream_get_parser;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_network_init;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.time.Duration;
import java.util.ArrayDeque;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVCodecParserContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.PointerPointer;
import org.streetwatch.ingest.packet.StreamInfo;
import org.streetwatch.redact.SafeUrl;

/**
 * Reads the compressed video packets of one camera connection or one pass over a file, without decoding them.
 *
 * <p>This is FFmpeg's demuxer through JavaCV's FFmpeg presets, used directly rather than through
 * {@code FFmpegFrameGrabber}: the grabber's safe {@code start()} holds one JVM-wide lock through the whole network
 * open (one dead camera would delay every other connect; {@code startUnsafe()} avoids that), and both starts open a
 * decoder for the stream that a packet reader never feeds — over a megabyte per camera at 768x576, most of this
 * reader's memory. Here nothing is locked, and a live stream is not even probed by decoding (see
 * {@link #fromFirstPackets}). RTSP runs over TCP with a socket timeout (which also bounds every later read, so a silent
 * camera cannot hang its thread).
 *
 * <p>Owned by one camera thread. Not thread-safe.
 */
public final class PacketSource implements AutoCloseable {

    /** A packet as read, timestamps in stream microseconds ({@code Long.MIN_VALUE} when unknown). */
    public record Read(long ptsUs, long dtsUs, long durationUs, boolean key, boolean corrupt, byte[] data) {
    }

    private static final AVRational MICROS = new AVRational().num(1).den(1_000_000);

    static {
        avformat_network_init();
    }

    /**
     * Packets of a live stream read to learn its parameters (enough to show B-frame reordering), replayed before
     * reading on; fewer if they already span {@link #PROBE_SPAN_US}, so a camera at 1 fps connects in about a second.
     */
    static final int PROBE_PACKETS = 8;
    static final long PROBE_SPAN_US = 1_000_000;
    /** A live stream that has not shown its picture size after this many packets is opened the slow way. */
    static final int MAX_PROBE_PACKETS = 300;

    private final AVFormatContext oc;
    private final AVPacket pkt = av_packet_alloc();
    private final int videoIndex;
    private final AVRational timeBase;
    private final String safeUrl;
    private final ArrayDeque<Read> replay = new ArrayDeque<>();
    private StreamInfo info;
    private boolean probedByDecoding;
    private boolean closed;

    private PacketSource(AVFormatContext oc, int videoIndex, String safeUrl) {
        this.oc = oc;
        this.videoIndex = videoIndex;
        this.timeBase = oc.streams(videoIndex).time_base();
        this.safeUrl = safeUrl;
    }

    /**
     * Connects to an {@code rtsp://} camera or opens a local file.
     *
     * @param timeout socket I/O timeout for network sources: bounds the connect and every read
     */
    public static PacketSource open(String url, Duration timeout) throws SourceException {
        FfmpegLog.install();
        String safe = SafeUrl.redactUrl(url);
        AVFormatContext oc = openInput(url, safe, timeout);
        if (isRtsp(url)) {
            return fromFirstPackets(oc, safe, timeout);
        }
        int r = avformat_find_stream_info(oc, (PointerPointer<?>) null); // a file's streams may only show up here
        if (r < 0) {
            avformat_close_input(oc);
            throw new SourceException("cannot open " + safe + ": no stream information (" + error(r) + ")");
        }
        PacketSource src = new PacketSource(oc, videoStream(oc, safe), safe);
        src.describeProbed();
        return src;
    }

    private static boolean isRtsp(String url) {
        return url.regionMatches(true, 0, "rtsp", 0, 4);
    }

    private static AVFormatContext openInput(String url, String safe, Duration timeout) throws SourceException {
        boolean file = SafeUrl.isFile(url);
        AVDictionary opts = new AVDictionary(null);
        if (!file) {
            String us = Long.toString(timeout.toMillis() * 1000);
            if (isRtsp(url)) {
                av_dict_set(opts, "rtsp_transport", "tcp", 0);
                av_dict_set(opts, "timeout", us, 0);
            } else {
                av_dict_set(opts, "rw_timeout", us, 0);
            }
            av_dict_set(opts, "analyzeduration", "1000000", 0);
            av_dict_set(opts, "probesize", "1000000", 0);
        }
        AVFormatContext oc = new AVFormatContext(null);
        int r = avformat_open_input(oc, file ? SafeUrl.filePath(url) : url, (AVInputFormat) null, opts);
        av_dict_free(opts);
        if (r < 0) {
            throw new SourceException("cannot open " + safe + ": " + error(r)); // FFmpeg freed the context
        }
        return oc;
    }

    /**
     * Opens a live stream from what its SDP and its first packets tell (codec and parameter sets; picture size from
     * FFmpeg's parser; frame rate from the timestamps), without {@code avformat_find_stream_info}. That call decodes
     * several pictures at every connect and, in FFmpeg 8, leaves a fresh decoder context of 0.9 MB (H.264) allocated
     * until the connection closes: most of a camera's native memory. The packets read here are replayed.
     *
     * <p>Where only the full probe gives correct parameters it still runs, on the same connection: an SDP without
     * parameter sets (FFmpeg's probe extracts them from the stream), or reordered frames (B-frames: RTP carries
     * presentation times only, and the probe's decoding is what lets FFmpeg derive decode times).
     */
    private static PacketSource fromFirstPackets(AVFormatContext oc, String safe, Duration timeout)
            throws SourceException {
        PacketSource src = new PacketSource(oc, videoStream(oc, safe), safe);
        try {
            AVStream st = oc.streams(src.videoIndex);
            if (st.codecpar().extradata_size() <= 0) {
                src.probe();
                return src;
            }
            long firstPts = Long.MIN_VALUE;
            long lastPts = Long.MIN_VALUE;
            long step = Long.MAX_VALUE;
            AVCodecParserContext parser = null;
            boolean sized = false;
            while (!sized || src.replay.size() < PROBE_PACKETS && lastPts - firstPts < PROBE_SPAN_US) {
                if (src.replay.size() >= MAX_PROBE_PACKETS) {
                    src.probe();
                    return src;
                }
                Read r = src.demux(timeout);
                if (r == null) {
                    throw new SourceException(safe + " ended before its first picture");
                }
                src.replay.add(r);
                if (r.ptsUs() != Long.MIN_VALUE) {
                    if (lastPts != Long.MIN_VALUE && r.ptsUs() < lastPts) {
                        src.replay.clear(); // read without decode times: under a second of video, given up
                        src.probe();
                        return src;
                    }
                    if (lastPts != Long.MIN_VALUE && r.ptsUs() > lastPts) {
                        step = Math.min(step, r.ptsUs() - lastPts);
                    }
                    firstPts = firstPts == Long.MIN_VALUE ? r.ptsUs() : firstPts;
                    lastPts = r.ptsUs();
                }
                parser = av_stream_get_parser(st);
                sized = parser != null && parser.width() > 0 && parser.height() > 0;
            }
            double fps = nominalRate(st);
            src.describe(parser.width(), parser.height(), parser.format(),
                    fps > 0 || step == Long.MAX_VALUE ? fps : 1e6 / step);
            return src;
        } catch (SourceException | RuntimeException e) {
            src.close();
            throw e;
        }
    }

    private static int videoStream(AVFormatContext oc, String safe) throws SourceException {
        for (int i = 0; i < oc.nb_streams(); i++) {
            if (oc.streams(i).codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) {
                return i;
            }
        }
        avformat_close_input(oc);
        throw new SourceException(safe + " has no video stream");
    }

    /** Runs FFmpeg's probe on a live stream, reading on from where it is, and takes the parameters it found. */
    private void probe() throws SourceException {
        int r = avformat_find_stream_info(oc, (PointerPointer<?>) null);
        if (r < 0) {
            close();
            throw new SourceException("cannot open " + safeUrl + ": no stream information (" + error(r) + ")");
        }
        describeProbed();
    }

    /** Takes the parameters FFmpeg's probe found. */
    private void describeProbed() throws SourceException {
        AVStream st = oc.streams(videoIndex);
        AVCodecParameters par = st.codecpar();
        describe(par.width(), par.height(), par.format(), nominalRate(st));
        probedByDecoding = true;
    }

    /** The frame rate the container or the probe states, or 0. */
    private static double nominalRate(AVStream st) {
        double fps = st.avg_frame_rate().den() > 0 ? av_q2d(st.avg_frame_rate()) : 0;
        if (!(fps > 0 && fps < 1000) && st.r_frame_rate().den() > 0) {
            fps = av_q2d(st.r_frame_rate());
        }
        return fps > 0 && fps < 1000 ? fps : 0;
    }

    private void describe(int width, int height, int pixelFormat, double fps) throws SourceException {
        AVCodecParameters par = oc.streams(videoIndex).codecpar();
        if (width <= 0 || height <= 0) {
            close();
            throw new SourceException(safeUrl + ": video stream has no size (corrupt or unsupported)");
        }
        byte[] extradata = new byte[Math.max(par.extradata_size(), 0)];
        if (extradata.length > 0) {
            par.extradata().get(extradata);
        }
        info = new StreamInfo(par.codec_id(), avcodec_get_name(par.codec_id()).getString(), width, height,
                pixelFormat, par.profile(), par.level(), extradata, fps);
    }

    static String error(int code) {
        byte[] buf = new byte[256];
        av_strerror(code, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n);
    }

    public StreamInfo info() {
        return info;
    }

    /** True if FFmpeg's probe decoded pictures to open this source (files, and live streams it cannot do without). */
    boolean probedByDecoding() {
        return probedByDecoding;
    }

    /**
     * The next video packet, or null at the end of the file or when the connection is lost. Other streams' packets
     * are skipped, but only until {@code stall}: a camera that sends audio and no video is stalled too.
     */
    public Read read(Duration stall) throws SourceException {
        Read early = replay.poll();
        return early != null ? early : demux(stall);
    }

    private Read demux(Duration stall) throws SourceException {
        long deadline = System.nanoTime() + stall.toNanos();
        while (true) {
            if (av_read_frame(oc, pkt) < 0) {
                return null;
            }
            try {
                if (pkt.stream_index() != videoIndex) {
                    if (System.nanoTime() > deadline) {
                        throw new SourceException("no video from " + safeUrl + " for " + stall.toSeconds() + " s");
                    }
                    continue;
                }
                int size = pkt.size();
                byte[] data = new byte[Math.max(size, 0)];
                if (size > 0) {
                    pkt.data().get(data);
                }
                return new Read(micros(pkt.pts()), micros(pkt.dts()), Math.max(0, micros(pkt.duration())),
                        (pkt.flags() & AV_PKT_FLAG_KEY) != 0, (pkt.flags() & AV_PKT_FLAG_CORRUPT) != 0 || size <= 0,
                        data);
            } finally {
                av_packet_unref(pkt);
            }
        }
    }

    private long micros(long ts) {
        return ts == AV_NOPTS_VALUE ? Long.MIN_VALUE : av_rescale_q(ts, timeBase, MICROS);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            avformat_close_input(oc);
            av_packet_free(pkt);
        }
    }
}
