package org.streetwatch.detector.live;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.streetwatch.detector.analysis.AnalysisStage;
import org.streetwatch.detector.track.Track;
import org.streetwatch.ingest.frame.Frame;

/**
 * The latest picture of each camera as one small JPEG, for the camera wall and the zone editor. Encoded on the analysis
 * worker from the picture analysis already decoded, at most once per {@code intervalNanos} per camera (wall-clock
 * time, so a file read at full speed costs no more), so any number of viewers costs no decoding at all. Only while
 * somebody looks: a camera's first picture is always kept, later ones only within {@link #WATCHED_NANOS} of a request
 * for that camera (the wall asks for the tiles on screen every few seconds), so thousands of cameras nobody watches
 * cost no JPEG encoding; a camera looked at again shows its last picture, with its time, until the next analysed one.
 */
public final class LatestPictures implements AnalysisStage.Watcher {

    /** Widest stored picture (never wider than the analysed one); its height keeps the camera's aspect ratio. */
    public static final int MAX_WIDTH = 640;
    private static final int JPEG_QUALITY = 75;

    /**
     * One stored picture.
     *
     * @param version increases with each new picture, and from a start later than the last run's (the HTTP ETag)
     * @param wallMs  when the camera took it
     */
    public record Picture(byte[] jpeg, long version, long wallMs, int width, int height) {
    }

    /** How long after a request for a camera's picture its new pictures are still encoded. */
    static final long WATCHED_NANOS = 60_000_000_000L;

    private final long intervalNanos;
    private final LongSupplier clock;
    private final Map<String, Picture> pictures = new ConcurrentHashMap<>();
    private final Map<String, Long> encodedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> watchedAt = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong versions =
            new java.util.concurrent.atomic.AtomicLong(System.currentTimeMillis() * 1000);

    public LatestPictures(long intervalNanos) {
        this(intervalNanos, System::nanoTime);
    }

    LatestPictures(long intervalNanos, LongSupplier clock) {
        this.intervalNanos = intervalNanos;
        this.clock = clock;
    }

    @Override
    public void analysed(Frame frame, List<Track> tracks) {
        long now = clock.getAsLong();
        Long last = encodedAt.get(frame.cameraId());
        if (last != null && now - last < intervalNanos) {
            return;
        }
        Long watched = watchedAt.get(frame.cameraId());
        if (last != null && (watched == null || now - watched > WATCHED_NANOS)) {
            return; // nobody looks: the last picture stays
        }
        encodedAt.put(frame.cameraId(), now);
        int w = Math.min(MAX_WIDTH, frame.image().cols());
        int h = Math.max(1, (int) Math.round((double) w * frame.sourceHeight() / frame.sourceWidth()));
        try (Mat small = new Mat(); Size size = new Size(w, h); BytePointer buf = new BytePointer();
             IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, JPEG_QUALITY)) {
            resize(frame.image(), small, size, 0, 0, INTER_AREA);
            imencode(".jpg", small, buf, params);
            byte[] jpeg = new byte[(int) buf.limit()];
            buf.get(jpeg);
            pictures.put(frame.cameraId(), new Picture(jpeg, versions.incrementAndGet(), frame.wallMs(), w, h));
        }
    }

    /** The camera's last picture; asking marks the camera as watched, so that its next pictures are encoded. */
    public Optional<Picture> latest(String cameraId) {
        Picture p = pictures.get(cameraId);
        if (p != null) { // a camera without a picture yet gets its first one anyway; unknown ids are not kept
            watchedAt.put(cameraId, clock.getAsLong());
        }
        return Optional.ofNullable(p);
    }

    /** Forgets cameras no longer configured. */
    public void retain(java.util.Set<String> cameraIds) {
        pictures.keySet().retainAll(cameraIds);
        encodedAt.keySet().retainAll(cameraIds);
        watchedAt.keySet().retainAll(cameraIds);
    }
}
