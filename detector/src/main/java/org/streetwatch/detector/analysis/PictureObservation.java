package org.streetwatch.detector.analysis;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.streetwatch.detector.rule.Appearance;
import org.streetwatch.detector.track.Track;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.Box;
import org.streetwatch.violation.Still;

/**
 * The observation of a decoded picture: the full-resolution picture and the main stream's picture are decoded at most
 * once per frame, and only if a rule asks; closing it frees them.
 */
final class PictureObservation implements Observation {

    private static final int JPEG_QUALITY = 90;

    private final Picture frame;
    private final Scene scene;
    private final List<Track> tracks;
    private Mat full;
    private boolean fullTried;
    private Mat recorded;
    private boolean recordedTried;

    PictureObservation(Picture frame, Scene scene, List<Track> tracks) {
        this.frame = frame;
        this.scene = scene;
        this.tracks = tracks;
    }

    @Override
    public String cameraId() {
        return frame.cameraId();
    }

    @Override
    public long nowUs() {
        return frame.ptsUs();
    }

    @Override
    public long wallMs() {
        return frame.wallMs();
    }

    @Override
    public long wallMs(long cameraUs) {
        return frame.wallMs() + (cameraUs - frame.ptsUs()) / 1000;
    }

    @Override
    public Scene scene() {
        return scene;
    }

    @Override
    public List<Track> tracks() {
        return tracks;
    }

    @Override
    public int width() {
        return frame.sourceWidth();
    }

    @Override
    public int height() {
        return frame.sourceHeight();
    }

    @Override
    public Mat image() {
        return frame.image();
    }

    @Override
    public double scale() {
        return (double) frame.image().cols() / frame.sourceWidth();
    }

    /** Decoded at the first call; later calls in the same frame get that answer whatever offset they pass. */
    @Override
    public Optional<Mat> recorded(long maxOffsetUs) {
        if (!recordedTried) {
            recordedTried = true;
            recorded = frame.decodeRecorded(maxOffsetUs).orElse(null);
        }
        return Optional.ofNullable(recorded);
    }

    @Override
    public float[] appearance(Box normalised) {
        Mat img = frame.image();
        return Appearance.of(img, new Box(normalised.x1() * img.cols(), normalised.y1() * img.rows(),
                normalised.x2() * img.cols(), normalised.y2() * img.rows()));
    }

    /** Only tracks detected in this very frame get a box: one carried over would not match the picture. */
    @Override
    public Still still(List<Track> marked, Zone zone, Box area, String caption) {
        Mat img = fullResolution();
        double s = (double) img.cols() / width();
        List<Still.Mark> marks = new ArrayList<>();
        for (Track t : marked) {
            if (!t.seen()) {
                continue;
            }
            marks.add(new Still.Mark(t.box().scale(s), String.format("%s #%d %.2f", t.label(), t.id(), t.score())));
        }
        if (area != null) {
            marks.add(new Still.Mark(new Box(area.x1() * img.cols(), area.y1() * img.rows(), area.x2() * img.cols(),
                    area.y2() * img.rows()), caption));
        }
        try (BytePointer buf = new BytePointer(); IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, JPEG_QUALITY)) {
            imencode(".jpg", img, buf, params);
            byte[] jpeg = new byte[(int) buf.limit()];
            buf.get(jpeg);
            return new Still(frame.ptsUs(), frame.wallMs(), img.cols(), img.rows(), jpeg, List.copyOf(marks),
                    zone == null ? List.of() : zone.polygon().points(), zone == null ? null : zone.id());
        }
    }

    /** Decoded at the first call. */
    @Override
    public Mat fullResolution() {
        if (!fullTried) {
            fullTried = true;
            Optional<Mat> m = frame.decodeFullResolution();
            full = m.orElse(null);
        }
        return full != null ? full : frame.image();
    }

    @Override
    public void close() {
        if (full != null) {
            full.close();
            full = null;
        }
        if (recorded != null) {
            recorded.close();
            recorded = null;
        }
    }
}
