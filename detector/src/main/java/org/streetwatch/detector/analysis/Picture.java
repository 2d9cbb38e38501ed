package org.streetwatch.detector.analysis;

import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;
import org.streetwatch.ingest.frame.Frame;

/**
 * The picture an {@link Observation} is of: in the daemon a camera's decoded {@link Frame}, in a rule's unit test a
 * plain picture with a time. What rules read of it, nothing more.
 */
public interface Picture {

    String cameraId();

    /** Camera time of the picture. */
    long ptsUs();

    /** Wall-clock time of the picture. */
    long wallMs();

    /** The analysed picture (BGR), possibly scaled down from the camera's. */
    Mat image();

    /** Width of the camera picture: tracks' boxes are in these pixels. */
    int sourceWidth();

    int sourceHeight();

    /** The same instant at the camera's resolution, if it can still be had; the Mat belongs to the caller. */
    Optional<Mat> decodeFullResolution();

    /**
     * The record (main) stream's keyframe nearest this instant, if the camera has a main stream and its ring holds one
     * within {@code maxOffsetUs}; the Mat belongs to the caller.
     */
    Optional<Mat> decodeRecorded(long maxOffsetUs);

    /** A frame of the camera's analysed stream. */
    static Picture of(Frame f) {
        return new Picture() {
            @Override
            public String cameraId() {
                return f.cameraId();
            }

            @Override
            public long ptsUs() {
                return f.ptsUs();
            }

            @Override
            public long wallMs() {
                return f.wallMs();
            }

            @Override
            public Mat image() {
                return f.image();
            }

            @Override
            public int sourceWidth() {
                return f.sourceWidth();
            }

            @Override
            public int sourceHeight() {
                return f.sourceHeight();
            }

            @Override
            public Optional<Mat> decodeFullResolution() {
                return f.decodeFullResolution();
            }

            @Override
            public Optional<Mat> decodeRecorded(long maxOffsetUs) {
                return f.decodeRecorded(maxOffsetUs);
            }
        };
    }
}
