package org.streetwatch.daemon.scenario;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.compare;
import static org.bytedeco.opencv.global.opencv_core.CMP_EQ;
import static org.bytedeco.opencv.global.opencv_core.bitwise_or;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.grabCut;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A real object cut out of a real picture (GrabCut from its box, so the grass or field around it stays behind),
 * to be composited into footage. Immutable after creation.
 */
final class Sprite {

    final Mat image;
    final Mat mask;

    private Sprite(Mat image, Mat mask) {
        this.image = image;
        this.mask = mask;
    }

    /** The object inside {@code box} of {@code picture}, cut out and scaled to {@code height} pixels tall. */
    static Sprite cut(Path picture, int x, int y, int w, int h, int height) {
        return cut(picture, x, y, w, h, height, null);
    }

    /**
     * The whole rectangle, background and all: objects with holes (a bicycle's wheels and frame) cannot be cut out of
     * their background cleanly, and the detector sees them better with their own context.
     */
    static Sprite rect(Path picture, int x, int y, int w, int h, int height) {
        Mat src = imread(picture.toString());
        double s = (double) height / h;
        Mat img = new Mat();
        try (Rect r = new Rect(x, y, w, h); Mat ci = src.apply(r);
             Size size = new Size((int) Math.round(w * s), height)) {
            resize(ci, img, size, 0, 0, INTER_AREA);
        }
        Mat msk = new Mat(img.rows(), img.cols(), CV_8UC1, new Scalar(255));
        return new Sprite(img, msk);
    }

    /**
     * As {@link #cut(Path, int, int, int, int, int)}, with {@code exclude} (x, y, w, h) known to be something else
     * (the dog in front of the bicycle).
     */
    static Sprite cut(Path picture, int x, int y, int w, int h, int height, int[] exclude) {
        Mat src = imread(picture.toString());
        Mat gc = new Mat(src.rows(), src.cols(), CV_8UC1, new Scalar(0)); // GC_BGD
        try (Rect r = new Rect(x, y, w, h); Mat inside = gc.apply(r)) {
            inside.put(new Scalar(3)); // GC_PR_FGD
        }
        if (exclude != null) {
            try (Rect r = new Rect(exclude[0], exclude[1], exclude[2], exclude[3]); Mat out = gc.apply(r)) {
                out.put(new Scalar(0));
            }
        }
        Mat bg = new Mat();
        Mat fg = new Mat();
        try (Rect r = new Rect(x, y, w, h)) {
            grabCut(src, gc, r, bg, fg, 8, org.bytedeco.opencv.global.opencv_imgproc.GC_INIT_WITH_MASK);
        }
        Mat sure = new Mat();
        Mat likely = new Mat();
        compare(gc, new Mat(new Scalar(1)), sure, CMP_EQ);
        compare(gc, new Mat(new Scalar(3)), likely, CMP_EQ);
        Mat fgMask = new Mat();
        bitwise_or(sure, likely, fgMask);
        double s = (double) height / h;
        Size size = new Size((int) Math.round(w * s), height);
        Mat img = new Mat();
        Mat msk = new Mat();
        try (Rect r = new Rect(x, y, w, h); Mat ci = src.apply(r); Mat cm = fgMask.apply(r)) {
            resize(ci, img, size, 0, 0, INTER_AREA);
            resize(cm, msk, size, 0, 0, INTER_AREA);
        }
        return new Sprite(img, msk);
    }

    /** The same object with its coloured parts pulled towards a livery colour (BGR), as a shared bike is painted. */
    Sprite tinted(int b, int g, int r, double strength) {
        Mat out = image.clone();
        ByteBuffer px = out.createBuffer();
        ByteBuffer m = mask.createBuffer();
        int step = (int) out.step();
        int mstep = (int) mask.step();
        for (int y = 0; y < out.rows(); y++) {
            for (int x = 0; x < out.cols(); x++) {
                if ((m.get(y * mstep + x) & 0xff) < 128) {
                    continue;
                }
                int i = y * step + x * 3;
                int lum = ((px.get(i) & 0xff) + (px.get(i + 1) & 0xff) + (px.get(i + 2) & 0xff)) / 3;
                if (lum < 60) {
                    continue; // tyres, shadows and the chain stay dark
                }
                px.put(i, (byte) Math.round((px.get(i) & 0xff) * (1 - strength) + b * strength));
                px.put(i + 1, (byte) Math.round((px.get(i + 1) & 0xff) * (1 - strength) + g * strength));
                px.put(i + 2, (byte) Math.round((px.get(i + 2) & 0xff) * (1 - strength) + r * strength));
            }
        }
        return new Sprite(out, mask);
    }

    int width() {
        return image.cols();
    }

    int height() {
        return image.rows();
    }

    /** Pastes the sprite with its bottom centre at (x, y), clipped to the frame. */
    void paste(Mat frame, int x, int y) {
        int x0 = x - width() / 2;
        int y0 = y - height();
        int fx = Math.max(0, x0);
        int fy = Math.max(0, y0);
        int fw = Math.min(frame.cols(), x0 + width()) - fx;
        int fh = Math.min(frame.rows(), y0 + height()) - fy;
        if (fw <= 0 || fh <= 0) {
            return;
        }
        try (Rect dst = new Rect(fx, fy, fw, fh); Rect src = new Rect(fx - x0, fy - y0, fw, fh);
             Mat d = frame.apply(dst); Mat si = image.apply(src); Mat sm = mask.apply(src);
             Mat binary = new Mat(sm.rows(), sm.cols(), CV_8UC1)) {
            org.bytedeco.opencv.global.opencv_imgproc.threshold(sm, binary, 127, 255,
                    org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY);
            si.copyTo(d, binary);
        }
    }
}
