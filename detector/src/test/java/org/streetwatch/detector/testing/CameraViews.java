package org.streetwatch.detector.testing;

import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.getRotationMatrix2D;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/** A camera's picture as a knocked, re-aimed, taped-over, unfocused or dusk-lit camera shows it. New pictures. */
public final class CameraViews {

    private CameraViews() {
    }

    /** Moved right by {@code dxShare} of the width and turned by {@code degrees} about the centre. */
    public static Mat moved(Mat m, double dxShare, double degrees) {
        Mat out = new Mat();
        try (Point2f centre = new Point2f(m.cols() / 2f, m.rows() / 2f);
             Mat t = getRotationMatrix2D(centre, degrees, 1.0)) {
            t.ptr(0, 2).putDouble(t.ptr(0, 2).getDouble() + dxShare * m.cols());
            warpAffine(m, out, t, m.size());
        }
        return out;
    }

    /** A lens taped over: near black, uniform. */
    public static Mat covered(Mat m) {
        return new Mat(m.size(), m.type(), new Scalar(10, 12, 11, 0));
    }

    /** Out of focus. */
    public static Mat blurred(Mat m) {
        Mat out = new Mat();
        try (Size none = new Size(0, 0)) {
            GaussianBlur(m, out, none, 4);
        }
        return out;
    }

    /** Dusk: the light down to {@code gain} of itself. */
    public static Mat darkened(Mat m, double gain) {
        Mat out = new Mat();
        m.convertTo(out, -1, gain, 0);
        return out;
    }
}
