package org.streetwatch.evidence.snapshot;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.getTextSize;
import static org.bytedeco.opencv.global.opencv_imgproc.polylines;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import java.io.IOException;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.streetwatch.violation.Still;

/**
 * Draws a still's overlay (the zone outline, each object's box, track id and score, the time) on a copy of the
 * camera's picture. The clean picture is kept beside it, unchanged.
 */
public final class SnapshotRenderer {

    private static final int QUALITY = 90;

    private SnapshotRenderer() {
    }

    /** The annotated JPEG of a still. */
    public static byte[] annotate(Still still, String header) throws IOException {
        try (BytePointer src = new BytePointer(still.jpeg()); Mat raw = new Mat(1, still.jpeg().length,
                org.bytedeco.opencv.global.opencv_core.CV_8UC1, src); Mat img = imdecode(raw, IMREAD_COLOR)) {
            if (img == null || img.empty()) {
                throw new IOException("cannot decode still");
            }
            draw(img, still.marks(), still.zone(), still.zoneLabel(), header);
            try (BytePointer out = new BytePointer(); IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, QUALITY)) {
                imencode(".jpg", img, out, params);
                byte[] bytes = new byte[(int) out.limit()];
                out.get(bytes);
                return bytes;
            }
        }
    }

    /**
     * Draws on {@code img} in place: the zone outline (normalised points, may be empty), each mark's box and caption,
     * and a header line at the top (may be null).
     */
    public static void draw(Mat img, List<Still.Mark> marks, List<double[]> zone, String zoneLabel, String header) {
        int thick = Math.max(2, img.cols() / 400);
        double fontScale = Math.max(0.5, img.cols() / 1400.0);
        try (Scalar zoneColor = new Scalar(0, 215, 255, 0); Scalar boxColor = new Scalar(60, 60, 255, 0);
             Scalar white = new Scalar(255, 255, 255, 0); Scalar black = new Scalar(0, 0, 0, 0)) {
            if (!zone.isEmpty()) {
                try (Mat pts = new Mat(zone.size(), 1, org.bytedeco.opencv.global.opencv_core.CV_32SC2)) {
                    IntPointer ip = new IntPointer(pts.data());
                    for (int i = 0; i < zone.size(); i++) {
                        ip.put(2L * i, (int) Math.round(zone.get(i)[0] * img.cols()));
                        ip.put(2L * i + 1, (int) Math.round(zone.get(i)[1] * img.rows()));
                    }
                    try (MatVector v = new MatVector(pts)) {
                        polylines(img, v, true, zoneColor, thick, LINE_AA, 0);
                    }
                }
                if (zoneLabel != null) {
                    label(img, "zone " + zoneLabel, (int) Math.round(zone.get(0)[0] * img.cols()),
                            (int) Math.round(zone.get(0)[1] * img.rows()), fontScale, zoneColor, black);
                }
            }
            for (Still.Mark m : marks) {
                try (Point a = new Point(Math.round(m.box().x1()), Math.round(m.box().y1()));
                     Point b = new Point(Math.round(m.box().x2()), Math.round(m.box().y2()))) {
                    rectangle(img, a, b, boxColor, thick, LINE_AA, 0);
                }
                label(img, m.caption(), Math.round(m.box().x1()), Math.round(m.box().y1()), fontScale, boxColor,
                        white);
            }
            if (header != null) {
                label(img, header, 0, (int) (30 * fontScale) + 8, fontScale, black, white);
            }
        }
    }

    /** Text on a filled background, its baseline at (x, y) clamped into the picture. */
    private static void label(Mat img, String text, int x, int y, double scale, Scalar bg, Scalar fg) {
        try (IntPointer base = new IntPointer(1)) {
            Size ts = getTextSize(text, FONT_HERSHEY_SIMPLEX, scale, 1, base);
            int tx = Math.max(0, Math.min(x, img.cols() - ts.width() - 4));
            int ty = Math.max(ts.height() + 4, Math.min(y, img.rows() - 2));
            try (Point a = new Point(tx, ty - ts.height() - 4); Point b = new Point(tx + ts.width() + 4, ty + 2);
                 Point o = new Point(tx + 2, ty - 2)) {
                rectangle(img, a, b, bg, -1, LINE_AA, 0);
                putText(img, text, o, FONT_HERSHEY_SIMPLEX, scale, fg, 1, LINE_AA, false);
            }
            ts.close();
        }
    }
}
