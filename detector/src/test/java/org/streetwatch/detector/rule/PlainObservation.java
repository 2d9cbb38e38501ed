package org.streetwatch.detector.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;
import org.streetwatch.detector.analysis.Observation;
import org.streetwatch.detector.analysis.Scene;
import org.streetwatch.detector.track.Track;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.Box;
import org.streetwatch.violation.Still;

/**
 * An observation of plain tracks at a time, for the rules' unit tests: there is no picture. A still carries its marks
 * and no JPEG; every area looks alike, so only the place tells rejected groups apart.
 */
record PlainObservation(String cameraId, long nowUs, long wallMs, Scene scene, List<Track> tracks, int width,
                        int height) implements Observation {

    static final float[] LOOK = {1, 0, 0, 0};

    @Override
    public long wallMs(long cameraUs) {
        return wallMs + (cameraUs - nowUs) / 1000;
    }

    @Override
    public Mat image() {
        throw new UnsupportedOperationException("a plain observation has no picture");
    }

    @Override
    public double scale() {
        return 1;
    }

    @Override
    public Optional<Mat> recorded(long maxOffsetUs) {
        return Optional.empty();
    }

    @Override
    public Mat fullResolution() {
        return image();
    }

    @Override
    public float[] appearance(Box normalised) {
        return LOOK.clone();
    }

    @Override
    public Still still(List<Track> marked, Zone zone, Box area, String caption) {
        List<Still.Mark> marks = new ArrayList<>();
        for (Track t : marked) {
            marks.add(new Still.Mark(t.box(), t.label() + " #" + t.id()));
        }
        return new Still(nowUs, wallMs, width, height, new byte[0], marks,
                zone == null ? List.of() : zone.polygon().points(), zone == null ? null : zone.id());
    }

    @Override
    public void close() {
    }
}
