package org.streetwatch.detector.background;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.nio.ByteBuffer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.Box;

/**
 * A zone's part of a camera picture as {@link StaticChange} reads it: the zone's bounding box, grey, scaled down to
 * at most {@link #SIDE} pixels a side, as plain numbers; and the way back to the picture's coordinates.
 */
public final class ZonePicture implements AutoCloseable {

    /** Longest side of the grey picture: cells of 8 pixels, at most 16 x 16 of them. */
    public static final int SIDE = 128;

    private final int imageWidth;
    private final int imageHeight;
    private final Rect rect;
    private final int width;
    private final int height;
    private final boolean[] inZone;

    /** For pictures of {@code w x h}. */
    public ZonePicture(Zone zone, int w, int h) {
        this.imageWidth = w;
        this.imageHeight = h;
        double[] b = zone.polygon().bounds();
        int rx = (int) Math.floor(b[0] * w);
        int ry = (int) Math.floor(b[1] * h);
        int rw = Math.max(1, Math.min(w, (int) Math.ceil(b[2] * w)) - rx);
        int rh = Math.max(1, Math.min(h, (int) Math.ceil(b[3] * h)) - ry);
        rect = new Rect(rx, ry, rw, rh);
        double scale = Math.min(1.0, (double) SIDE / Math.max(rw, rh));
        width = Math.max(StaticChange.CELL, (int) Math.round(rw * scale));
        height = Math.max(StaticChange.CELL, (int) Math.round(rh * scale));
        inZone = new boolean[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                inZone[y * width + x] = zone.contains((rx + (x + 0.5) * rw / width) / w,
                        (ry + (y + 0.5) * rh / height) / h);
            }
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int imageWidth() {
        return imageWidth;
    }

    public int imageHeight() {
        return imageHeight;
    }

    /** Per pixel of the grey picture, whether it lies inside the zone. */
    public boolean[] inZone() {
        return inZone.clone();
    }

    /** The zone's grey picture of a camera picture (BGR, {@code imageWidth x imageHeight}). */
    public float[] grey(Mat bgr) {
        float[] out = new float[width * height];
        try (Mat roi = bgr.apply(rect); Mat g = new Mat(); Mat small = new Mat(); Size size = new Size(width, height)) {
            cvtColor(roi, g, COLOR_BGR2GRAY);
            resize(g, small, size, 0, 0, INTER_AREA);
            ByteBuffer px = small.createBuffer();
            int step = (int) small.step();
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    out[y * width + x] = px.get(y * step + x) & 0xff;
                }
            }
        }
        return out;
    }

    /** Grey-picture x of a picture x (may fall outside). */
    public double x(double imageX) {
        return (imageX - rect.x()) * width / rect.width();
    }

    /** Grey-picture y of a picture y (may fall outside). */
    public double y(double imageY) {
        return (imageY - rect.y()) * height / rect.height();
    }

    /** A normalised area of the picture from pixels (x1, y1, x2, y2) of the grey picture. */
    public Box area(int[] b) {
        return new Box((float) ((rect.x() + b[0] * (double) rect.width() / width) / imageWidth),
                (float) ((rect.y() + b[1] * (double) rect.height() / height) / imageHeight),
                (float) ((rect.x() + b[2] * (double) rect.width() / width) / imageWidth),
                (float) ((rect.y() + b[3] * (double) rect.height() / height) / imageHeight));
    }

    @Override
    public void close() {
        rect.close();
    }
}
