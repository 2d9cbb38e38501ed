package org.streetwatch.detector.analysis;

import java.util.List;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;
import org.streetwatch.detector.track.Track;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.Box;
import org.streetwatch.violation.Still;
import org.streetwatch.violation.ZoneType;

/**
 * What the rules see of one analysed frame: the camera's tracks, its scene, the time, and a way to take an evidence
 * picture of the frame. An interface so that a rule's unit test can hand it plain tracks and times; the daemon's is
 * made {@linkplain #of of a decoded picture}.
 */
public interface Observation extends AutoCloseable {

    /** What the rules see of this picture; closing it frees what was decoded for them. */
    static Observation of(Picture picture, Scene scene, List<Track> tracks) {
        return new PictureObservation(picture, scene, tracks);
    }

    String cameraId();

    /** Camera time of the frame. */
    long nowUs();

    /** Wall-clock time of the frame. */
    long wallMs();

    /** Wall-clock time of another camera time, by this frame's clock. */
    long wallMs(long cameraUs);

    Scene scene();

    List<Track> tracks();

    /** Width of the camera picture: tracks' boxes are in these pixels. */
    int width();

    int height();

    /** The analysed picture (BGR, possibly scaled down from the camera's: see {@link #scale()}). */
    Mat image();

    /** Analysed-picture pixels per camera pixel. */
    double scale();

    /**
     * The record (main) stream's picture of this instant — its keyframe within {@code maxOffsetUs} — if the camera
     * has a main stream; owned by this observation. Its pixels per camera pixel are its width over {@link #width()}.
     */
    Optional<Mat> recorded(long maxOffsetUs);

    /**
     * The frame at the camera's resolution if it can still be had, else the analysed picture; owned by this
     * observation.
     */
    Mat fullResolution();

    /** The colour signature of a normalised area of the analysed picture. */
    float[] appearance(Box normalised);

    /**
     * An evidence picture of this frame with the tracks boxed, a normalised area boxed and captioned (null: none; a
     * thing no track follows), and the zone outlined.
     */
    Still still(List<Track> marked, Zone zone, Box area, String caption);

    /** An evidence picture of this frame with the given tracks boxed and the zone outlined. */
    default Still still(List<Track> marked, Zone zone) {
        return still(marked, zone, null, null);
    }

    /** The union of the tracks' boxes, in normalised picture coordinates. */
    default Box area(List<Track> tracks) {
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

    /** True if the track stands (by its ground point) inside the zone. */
    default boolean inside(Track t, Zone z) {
        return z.contains(t.box().groundX() / width(), t.box().groundY() / height());
    }

    /** True if the track stands inside a zone of the given type whose schedule is active now. */
    default boolean insideActive(Track t, ZoneType type) {
        for (Zone z : scene().zones(type)) {
            if (z.activeAt(wallMs()) && inside(t, z)) {
                return true;
            }
        }
        return false;
    }

    /** Frees what was decoded for the rules. */
    @Override
    void close();
}
