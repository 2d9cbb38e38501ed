package org.streetwatch.ingest.clip;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_guess_format;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_query_codec;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.streetwatch.ingest.packet.Packet;
import org.streetwatch.ingest.packet.PacketSlice;
import org.streetwatch.ingest.packet.StreamInfo;
import org.streetwatch.ingest.source.FfmpegLog;

/**
 * Writes a slice of compressed packets to a video file as they are: a remux, never a re-encode, so a clip costs a few
 * milliseconds of CPU and is bit-for-bit the camera's own picture (what evidence needs).
 *
 * <p>H.264 and H.265 go to MP4 with the index at the front ({@code faststart}) so a browser starts playing at once;
 * codecs MP4 cannot carry go to Matroska.
 */
public final class Remuxer {

    /** What was written. Times are camera time. */
    public record Written(Path file, String container, long startUs, long endUs, int packets, long bytes) {

        public double seconds() {
            return (endUs - startUs) / 1e6;
        }
    }

    private static final AVRational MICROS = new AVRational().num(1).den(1_000_000);
    private static final int MP4_TIMESCALE = 90_000;

    private Remuxer() {
    }

    /** "mp4" or "mkv": the container a stream of this codec is written to (the file's extension). */
    public static String containerFor(StreamInfo stream) {
        FfmpegLog.install();
        return avformat_query_codec(av_guess_format("mp4", null, null), stream.codecId(), 0) == 1 ? "mp4" : "mkv";
    }

    /** Writes every packet of the slice to {@code target} (created or truncated). */
    public static Written write(PacketSlice slice, Path target) throws IOException {
        if (slice.isEmpty()) {
            throw new IOException("nothing to write: the ring holds no video for that interval");
        }
        StreamInfo info = slice.stream();
        String container = containerFor(info);
        AVFormatContext oc = new AVFormatContext(null);
        check(avformat_alloc_output_context2(oc, null, container.equals("mp4") ? "mp4" : "matroska",
                target.toString()), "allocate muxer");
        AVPacket pkt = av_packet_alloc();
        boolean opened = false;
        try {
            AVStream os = avformat_new_stream(oc, null);
            AVCodecParameters par = os.codecpar();
            par.codec_type(AVMEDIA_TYPE_VIDEO);
            par.codec_id(info.codecId());
            par.width(info.width());
            par.height(info.height());
            par.format(info.pixelFormat());
            par.profile(info.profile());
            par.level(info.level());
            if (info.codecId() == AV_CODEC_ID_HEVC && container.equals("mp4")) {
                par.codec_tag(tag("hvc1")); // the tag browsers and QuickTime expect for HEVC in MP4
            }
            byte[] extra = info.extradata();
            if (extra.length > 0) {
                BytePointer ed = new BytePointer(av_mallocz(extra.length + AV_INPUT_BUFFER_PADDING_SIZE));
                ed.put(extra);
                par.extradata(ed);
                par.extradata_size(extra.length);
            }
            os.time_base().num(1).den(MP4_TIMESCALE);
            AVIOContext pb = new AVIOContext(null);
            check(avio_open(pb, target.toString(), AVIO_FLAG_WRITE), "open " + target.getFileName());
            oc.pb(pb);
            opened = true;
            AVDictionary opts = new AVDictionary(null);
            if (container.equals("mp4")) {
                av_dict_set(opts, "movflags", "+faststart", 0);
            }
            int r = avformat_write_header(oc, opts);
            av_dict_free(opts);
            check(r, "write header");
            AVRational otb = os.time_base();
            long base = slice.packets().get(0).dtsUs();
            long bytes = 0;
            long lastDts = -1;
            for (Packet p : slice.packets()) {
                check(av_new_packet(pkt, p.size()), "allocate packet");
                pkt.data().put(p.data());
                // decode times a microsecond apart share a tick at 90 kHz; the muxer wants them strictly increasing
                long dts = Math.max(av_rescale_q(p.dtsUs() - base, MICROS, otb), lastDts + 1);
                lastDts = dts;
                pkt.pts(Math.max(av_rescale_q(p.ptsUs() - base, MICROS, otb), dts));
                pkt.dts(dts);
                pkt.duration(av_rescale_q(p.durationUs(), MICROS, otb));
                pkt.flags(p.key() ? AV_PKT_FLAG_KEY : 0);
                pkt.stream_index(0);
                r = av_interleaved_write_frame(oc, pkt); // takes the packet's reference
                av_packet_unref(pkt);
                check(r, "write packet");
                bytes += p.size();
            }
            check(av_write_trailer(oc), "write trailer");
            return new Written(target, container, slice.startUs(), slice.endUs(), slice.packets().size(), bytes);
        } finally {
            av_packet_free(pkt);
            if (opened) {
                avio_closep(oc.pb());
            }
            avformat_free_context(oc);
        }
    }

    private static int tag(String fourcc) {
        return fourcc.charAt(0) | fourcc.charAt(1) << 8 | fourcc.charAt(2) << 16 | fourcc.charAt(3) << 24;
    }

    private static void check(int r, String what) throws IOException {
        if (r < 0) {
            byte[] buf = new byte[256];
            av_strerror(r, buf, buf.length);
            int n = 0;
            while (n < buf.length && buf[n] != 0) {
                n++;
            }
            throw new IOException("clip: cannot " + what + ": " + new String(buf, 0, n));
        }
    }
}
