package org.streetwatch.detector.analysis;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.streetwatch.detector.Box;
import org.streetwatch.detector.rule.Appearance;
import org.streetwatch.detector.rule.Still;
import org.streetwatch.detector.track.Track;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.detector.zone.ZoneType;

/**
 * What the rules see of one analysed frame: the camera's tracks, its scene, the time, and a way to take an evidence
 * picture of the frame. The full-resolution picture and the main stream's picture are decoded at most once per frame,
 * and only if a rule asks.
 */
public final class Observation implements AutoCloseable {

    private static final int JPEG_QUALITY = 90;

    private final Picture frame;
    private final Scene scene;
    private final List<Track> tracks;
    private Mat full;
    private boolean fullTried;
    private Mat recorded;
    private boolean recordedTried;

    private Observation(Picture frame, Scene scene, List<Track> tracks) {
        this.frame = frame;
        this.scene = scene;
        this.tracks = tracks;
    }

    /** What the rules see of this picture; closing it frees what was decoded for them. */
    public static Observation of(Picture picture, Scene scene, List<Track> tracks) {
        return new Observation(picture, scene, tracks);
    }

    public String cameraId() {
        return frame.cameraId();
    }

    public long nowUs() {
        return frame.ptsUs();
    }

    public long wallMs() {
        return frame.wallMs();
    }

    /** Wall-clock time of another camera time, by this frame's clock. */
    public long wallMs(long cameraUs) {
        return frame.wallMs() + (cameraUs - frame.ptsUs()) / 1000;
    }

    public Scene scene() {
        return scene;
    }

    public List<Track> tracks() {
        return tracks;
    }

    public int width() {
        return frame.sourceWidth();
    }

    public int height() {
        return frame.sourceHeight();
    }

    /** The analysed picture (BGR, possibly scaled down from the camera's: see {@link #scale()}). */
    public Mat image() {
        return frame.image();
    }

    /** Analysed-picture pixels per camera pixel. */
    public double scale() {
        return (double) frame.image().cols() / frame.sourceWidth();
    }

    /**
     * The record (main) stream's picture of this instant — its keyframe within {@code maxOffsetUs} — if the camera
     * has a main stream; owned by this observation. Its pixels per camera pixel are its width over {@link #width()}.
     * Decoded at the first call; later calls in the same frame get that answer whatever offset they pass.
     */
    public Optional<Mat> recorded(long maxOffsetUs) {
        if (!recordedTried) {
            recordedTried = true;
            recorded = frame.decodeRecorded(maxOffsetUs).orElse(null);
        }
        return Optional.ofNullable(recorded);
    }

    /** The union of the tracks' boxes, in normalised picture coordinates. */
    public Box area(List<Track> tracks) {
        float x1 = Float.MAX_VALUE;
        float y1 = Float.MAX_VALUE;
        float x2 = 0;
        float y2 = 0;
        for (Track t : tracks) {
            x1 = Math.min(x1, t.box().x1());
            y1 = Math.min(y1, t.box().y1());
            x2 = Math.max(x2, t.box().x2());
            y2 = Math.max(y2, t.box().y2());
        }
        return new Box(x1 / width(), y1 / height(), x2 / width(), y2 / height());
    }

    /** The colour signature of a normalised area of the analysed picture. */
    public float[] appearance(Box normalised) {
        Mat img = frame.image();
        return Appearance.of(img, new Box(normalised.x1() * img.cols(), normalised.y1() * img.rows(),
                normalised.x2() * img.cols(), normalised.y2() * img.rows()));
    }

    /** True if the track stands (by its ground point) inside the zone. */
    public boolean inside(Track t, Zone z) {
        return z.contains(t.box().groundX() / width(), t.box().groundY() / height());
    }

    /** True if the track stands inside a zone of the given type whose schedule is active now. */
    public boolean insideActive(Track t, ZoneType type) {
        for (Zone z : scene.zones(type)) {
            if (z.activeAt(wallMs()) && inside(t, z)) {
                return true;
            }
        }
        return false;
    }

    /**
     * An evidence picture of this frame with the given tracks boxed and the zone outlined. Only tracks detected in
     * this very frame get a box: a box carried over from an earlier frame would not match the picture.
     */
    public Still still(List<Track> marked, Zone zone) {
        return still(marked, zone, null, null);
    }

    /** As {@link #still(List, Zone)}, with also a normalised area boxed and captioned (a thing no track follows). */
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

    /**
     * The frame at the camera's resolution if the ring still holds it, else the analysed picture; owned by this
     * observation. Decoded at the first call.
     */
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
