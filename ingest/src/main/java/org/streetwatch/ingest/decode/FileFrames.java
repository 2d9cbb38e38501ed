package org.streetwatch.ingest.decode;

import java.nio.file.Path;
import java.time.Duration;
import org.streetwatch.ingest.packet.Packet;
import org.streetwatch.ingest.packet.StreamInfo;
import org.streetwatch.ingest.source.CameraClock;
import org.streetwatch.ingest.source.PacketSource;
import org.streetwatch.ingest.source.SourceException;

/**
 * Every decoded picture of a video file, in order, for the tools that read a whole file at their own pace (the
 * {@code detect} and {@code eval} commands, benchmarks, tests); the daemon's cameras go through rings and the sampler
 * instead. Corrupt packets are skipped, and the decoder is drained at the end, so a decoder with reordering delay
 * still hands out its last picture. Owned by one thread; {@link #close()} frees the demuxer and the decoder.
 */
public final class FileFrames implements AutoCloseable {

    /** What the reader does with each picture; the picture lives in the decoder until the next call. */
    @FunctionalInterface
    public interface Visitor<E extends Exception> {
        /** @return false to stop reading */
        boolean picture(int index, FrameDecoder decoder) throws E;
    }

    private static final Duration STALL = Duration.ofSeconds(10);

    private final PacketSource source;
    private final FrameDecoder decoder;

    private FileFrames(PacketSource source, FrameDecoder decoder) {
        this.source = source;
        this.decoder = decoder;
    }

    public static FileFrames open(Path file) throws SourceException, DecodeException {
        PacketSource src = PacketSource.open(file.toString(), STALL);
        try {
            return new FileFrames(src, new FrameDecoder(src.info()));
        } catch (DecodeException | RuntimeException e) {
            src.close();
            throw e;
        }
    }

    public StreamInfo info() {
        return source.info();
    }

    /** Hands each picture to {@code visitor} until the file ends or it says stop; returns how many it was handed. */
    public <E extends Exception> int forEach(Visitor<E> visitor) throws E, SourceException {
        CameraClock clock = new CameraClock(false, 0);
        int index = 0;
        PacketSource.Read r;
        while ((r = source.read(STALL)) != null) {
            long[] t = clock.map(r.ptsUs(), r.dtsUs(), 0);
            if (r.corrupt() || !decoder.decode(new Packet(t[0], t[1], r.durationUs(), r.key(), r.data()))) {
                continue;
            }
            if (!visitor.picture(index++, decoder)) {
                return index;
            }
        }
        if (decoder.drain()) {
            visitor.picture(index++, decoder);
        }
        return index;
    }

    @Override
    public void close() {
        decoder.close();
        source.close();
    }
}
