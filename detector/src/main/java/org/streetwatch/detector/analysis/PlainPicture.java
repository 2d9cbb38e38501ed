package org.streetwatch.detector.analysis;

import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A picture with a time and nothing behind it (no ring): what rules are tested and measured on. Its full resolution is
 * itself; {@code recorded}, if not null, stands for the main stream's keyframe. The Mats stay the caller's.
 */
public record PlainPicture(String cameraId, long ptsUs, long wallMs, Mat image, Mat recorded) implements Picture {

    @Override
    public int sourceWidth() {
        return image.cols();
    }

    @Override
    public int sourceHeight() {
        return image.rows();
    }

    @Override
    public Optional<Mat> decodeFullResolution() {
        return Optional.of(image.clone());
    }

    @Override
    public Optional<Mat> decodeRecorded(long maxOffsetUs) {
        return Optional.ofNullable(recorded).map(Mat::clone);
    }
}
