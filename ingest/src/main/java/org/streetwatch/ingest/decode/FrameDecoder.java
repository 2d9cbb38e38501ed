package org.streetwatch.ingest.decode;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_move_ref;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.streetwatch.ingest.packet.Packet;
import org.streetwatch.ingest.packet.StreamInfo;

/**
 * One FFmpeg video decoder fed with packets from a ring, and the scaler that turns its last picture into a BGR image of
 * the size the consumer asks for, in one pass (decode straight to the detector's size, not full size then resize).
 *
 * <p>All native state (codec context, frame, packet, scaler, pointer arrays) is allocated once and released by
 * {@link #close()}. Owned by one thread.
 */
public final class FrameDecoder implements AutoCloseable {

    private final StreamInfo stream;
    private final AVCodecContext ctx;
    private static final int AVERROR_EAGAIN = -11;

    private final AVFrame frame = av_frame_alloc();
    private final AVFrame incoming = av_frame_alloc();
    private final AVPacket pkt = av_packet_alloc();
    private final PointerPointer<BytePointer> dstData = new PointerPointer<>(4);
    private final IntPointer dstStride = new IntPointer(4);
    private SwsContext sws;
    private boolean hasPicture;
    private long picturePtsUs = Long.MIN_VALUE;
    private long errors;
    private boolean closed;

    public FrameDecoder(StreamInfo stream) throws DecodeException {
        this(stream, false);
    }

    /**
     * A decoder for keyframes decoded on their own. No later picture refers to them, so the deblocking filter only
     * smooths block edges for the eye: skipping it saves about 8 % of the ingest CPU, and at the detector's input
     * size the pictures differ by a PSNR of 50 dB (vtest's keyframes, 416x312).
     */
    public static FrameDecoder forLoneKeyframes(StreamInfo stream) throws DecodeException {
        return new FrameDecoder(stream, true);
    }

    private FrameDecoder(StreamInfo stream, boolean skipDeblocking) throws DecodeException {
        this.stream = stream;
        AVCodec codec = avcodec_find_decoder(stream.codecId());
        if (codec == null) {
            freeScratch();
            throw new DecodeException("no decoder for codec " + stream.codecName());
        }
        AVCodecContext c = avcodec_alloc_context3(codec);
        c.width(stream.width());
        c.height(stream.height());
        if (stream.pixelFormat() >= 0) {
            c.pix_fmt(stream.pixelFormat());
        }
        c.profile(stream.profile());
        c.level(stream.level());
        if (stream.extradata().length > 0) {
            BytePointer ed = new BytePointer(av_mallocz(stream.extradata().length + AV_INPUT_BUFFER_PADDING_SIZE));
            ed.put(stream.extradata());
            c.extradata(ed);
            c.extradata_size(stream.extradata().length);
        }
        // one decoder per camera: threads would multiply memory by hundreds of cameras for frames we rarely decode
        c.thread_count(1);
        if (skipDeblocking) {
            c.skip_loop_filter(AVDISCARD_ALL);
        }
        c.pkt_timebase().num(1).den(1_000_000);
        if (avcodec_open2(c, codec, (AVDictionary) null) < 0) {
            avcodec_free_context(c);
            freeScratch();
            throw new DecodeException("cannot open decoder " + stream.codecName());
        }
        ctx = c;
    }

    public StreamInfo stream() {
        return stream;
    }

    /**
     * Feeds one packet. Returns true if a picture came out of the decoder (it then becomes the current picture).
     * Corrupt data is counted, not thrown: the next keyframe recovers.
     */
    public boolean decode(Packet p) {
        if (av_new_packet(pkt, p.size()) < 0) {
            errors++;
            return false;
        }
        pkt.data().put(p.data());
        pkt.pts(p.ptsUs());
        pkt.dts(p.dtsUs());
        pkt.duration(p.durationUs());
        pkt.flags(p.key() ? AV_PKT_FLAG_KEY : 0);
        int r = avcodec_send_packet(ctx, pkt);
        av_packet_unref(pkt);
        if (r < 0) {
            errors++;
            return false;
        }
        return receive();
    }

    /** Signals the end of input so that delayed pictures come out; the decoder must be {@link #reset()} afterwards. */
    public boolean drain() {
        avcodec_send_packet(ctx, (AVPacket) null);
        return receive();
    }

    private boolean receive() {
        boolean got = false;
        while (true) {
            int r = avcodec_receive_frame(ctx, incoming);
            if (r < 0) {
                if (r != AVERROR_EOF() && r != AVERROR_EAGAIN) {
                    errors++;
                }
                break;
            }
            // keep only the newest picture: a decoder with delay can return several at once
            av_frame_unref(frame);
            av_frame_move_ref(frame, incoming);
            got = true;
            long ts = frame.best_effort_timestamp();
            picturePtsUs = ts == AV_NOPTS_VALUE ? frame.pts() : ts;
        }
        hasPicture |= got;
        return got;
    }

    /**
     * Forgets all reference pictures; the next packet fed must be a keyframe. The current picture stays readable until
     * the next one replaces it.
     */
    public void reset() {
        avcodec_flush_buffers(ctx);
    }

    /** True once any picture has come out of this decoder. */
    public boolean hasPicture() {
        return hasPicture;
    }

    /** Camera time of the current picture. */
    public long picturePtsUs() {
        return picturePtsUs;
    }

    public long errors() {
        return errors;
    }

    /**
     * Converts the current picture to BGR at {@code width x height} (the picture is stretched to that size; callers
     * keep the aspect ratio by asking for a proportional size). The returned Mat belongs to the caller.
     */
    public Mat toBgr(int width, int height) {
        if (!hasPicture()) {
            throw new IllegalStateException("no picture decoded");
        }
        boolean down = width < frame.width() || height < frame.height();
        sws = sws_getCachedContext(sws, frame.width(), frame.height(), frame.format(), width, height,
                AV_PIX_FMT_BGR24, down ? SWS_AREA : SWS_BILINEAR, null, null, (DoublePointer) null);
        Mat out = new Mat(height, width, CV_8UC3);
        dstData.put(0, out.data());
        dstStride.put(0, (int) out.step());
        sws_scale(sws, frame.data(), frame.linesize(), 0, frame.height(), dstData, dstStride);
        return out;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        avcodec_free_context(ctx);
        freeScratch();
    }

    private void freeScratch() {
        if (sws != null) {
            sws_freeContext(sws);
            sws = null;
        }
        av_frame_free(frame);
        av_frame_free(incoming);
        av_packet_free(pkt);
        dstData.close();
        dstStride.close();
    }
}
