package org.streetwatch.ingest.frame;

import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.bytedeco.opencv.opencv_core.Mat;
import org.streetwatch.ingest.decode.DecodeException;
import org.streetwatch.ingest.decode.FrameDecoder;
import org.streetwatch.ingest.packet.Packet;
import org.streetwatch.ingest.packet.PacketRing;
import org.streetwatch.ingest.packet.PacketSlice;

/**
 * A decoded picture chosen for analysis, already scaled to the size analysis asked for.
 *
 * <p>The image is native memory with exactly one owner at a time: the camera thread until the frame is queued, the
 * queue until it is taken (or dropped, which closes it), then the analysis worker, which closes it when done.
 * Evidence needs the full-resolution picture only for the rare frames that become snapshots, so it is decoded again
 * from the camera's packet ring on request ({@link #decodeFullResolution()}) instead of being carried by every frame.
 *
 * @param ptsUs        camera time of the picture
 * @param wallMs       wall-clock time of the picture
 * @param sourceWidth  width of the camera picture; detections are reported in these pixels
 * @param ring         the analysed stream's ring
 * @param recordRing   the record (main) stream's ring when the camera has one, else null
 */
public record Frame(String cameraId, long seq, long ptsUs, long wallMs, Mat image, int sourceWidth, int sourceHeight,
                    PacketRing ring, PacketRing recordRing) implements Sample, AutoCloseable {

    /** Image pixels per source pixel (1 when analysis runs at full size). */
    public double scale() {
        return (double) image.cols() / sourceWidth;
    }

    /**
     * Decodes this picture again at full resolution from the ring, if the ring still holds it. The Mat belongs to the
     * caller. Costs one GOP's worth of decoding at most; meant for snapshots, not for every frame.
     */
    public Optional<Mat> decodeFullResolution() {
        PacketSlice slice;
        try {
            slice = ring.slice(ptsUs, ptsUs).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        }
        if (slice.isEmpty() || slice.startUs() > ptsUs) {
            return Optional.empty();
        }
        try (FrameDecoder dec = new FrameDecoder(slice.stream())) {
            for (Packet p : slice.packets()) {
                dec.decode(p);
            }
            if (dec.picturePtsUs() < ptsUs) {
                dec.drain();
            }
            return dec.hasPicture() ? Optional.of(dec.toBgr(sourceWidth, sourceHeight)) : Optional.empty();
        } catch (DecodeException e) {
            return Optional.empty();
        }
    }

    /**
     * The record (main) stream's keyframe nearest this picture's time, at that stream's resolution, if the camera has a
     * main stream and its ring holds a keyframe within {@code maxOffsetUs}: a sub-stream's small truck seen with the
     * main stream's pixels, at the cost of one decoded picture. The Mat belongs to the caller.
     */
    public Optional<Mat> decodeRecorded(long maxOffsetUs) {
        if (recordRing == null) {
            return Optional.empty();
        }
        PacketSlice key = recordRing.keyframeNear(ptsUs, maxOffsetUs);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        try (FrameDecoder dec = new FrameDecoder(key.stream())) {
            if (!dec.decode(key.packets().get(0))) {
                dec.drain();
            }
            return dec.hasPicture() ? Optional.of(dec.toBgr(key.stream().width(), key.stream().height()))
                    : Optional.empty();
        } catch (DecodeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        image.close();
    }
}
