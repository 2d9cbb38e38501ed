package org.streetwatch.detector.inference;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.streetwatch.detector.Detection;
import org.streetwatch.violation.Box;

/**
 * Small pictures (zone crops of different cameras) packed into one network input of {@code cols x rows} tiles, so one
 * inference serves several cameras, and the detections split back per picture. A network with a fixed input costs the
 * same for a small crop as for the whole picture; packed, four crops cost one inference. A crop is packed only where
 * its tile shows it at least at the scale the network would see its whole picture, so its objects get at least as
 * many pixels as unpacked; each sits in the top-left of its tile, the rest of the tile is {@code fill} grey.
 *
 * @param width  the network's input width (the mosaic's)
 * @param height the network's input height
 */
public record Mosaic(int width, int height, int cols, int rows, int fill) {

    /** Where one picture went: its tile's corner, its scale in the mosaic and its size in its own pixels. */
    record Placement(int x, int y, double scale, int width, int height) {

        boolean holds(float cx, float cy) {
            return cx >= x && cy >= y && cx < x + width * scale && cy < y + height * scale;
        }
    }

    /** 2 x 2 tiles of the model's input. */
    public static Mosaic quarters(int width, int height, int fill) {
        return new Mosaic(width, height, 2, 2, fill);
    }

    /** Pictures per mosaic. */
    public int capacity() {
        return cols * rows;
    }

    private int tileWidth() {
        return width / cols;
    }

    private int tileHeight() {
        return height / rows;
    }

    /**
     * True if a {@code w x h} crop of a {@code fullW x fullH} picture, in a tile, is seen at least at the scale the
     * whole picture is when it fills the input.
     */
    public boolean fits(int w, int h, int fullW, int fullH) {
        return scale(w, h) >= Math.min((double) width / fullW, (double) height / fullH);
    }

    private double scale(int w, int h) {
        return Math.min((double) tileWidth() / w, (double) tileHeight() / h);
    }

    /** Draws up to {@link #capacity()} pictures into a new mosaic (the caller closes it) and says where each went. */
    Mat compose(List<Mat> pictures, List<Placement> placements) {
        if (pictures.size() > capacity()) {
            throw new IllegalArgumentException(pictures.size() + " pictures for a mosaic of " + capacity());
        }
        Mat mosaic;
        try (Scalar grey = new Scalar(fill, fill, fill, 0)) {
            mosaic = new Mat(height, width, CV_8UC3, grey);
        }
        try {
            for (int i = 0; i < pictures.size(); i++) {
                Mat p = pictures.get(i);
                double s = scale(p.cols(), p.rows());
                Placement at = new Placement(i % cols * tileWidth(), i / cols * tileHeight(), s, p.cols(), p.rows());
                int w = Math.max(1, Math.min(tileWidth(), (int) Math.round(p.cols() * s)));
                int h = Math.max(1, Math.min(tileHeight(), (int) Math.round(p.rows() * s)));
                try (Rect r = new Rect(at.x(), at.y(), w, h); Mat tile = mosaic.apply(r); Size size = new Size(w, h)) {
                    opencv_imgproc.resize(p, tile, size, 0, 0, s >= 1 ? opencv_imgproc.INTER_LINEAR
                            : opencv_imgproc.INTER_AREA);
                }
                placements.add(at);
            }
        } catch (RuntimeException e) {
            mosaic.close(); // a picture OpenCV refused: the native mosaic is not handed out, so it is freed here
            throw e;
        }
        return mosaic;
    }

    /**
     * The mosaic's detections per picture, in that picture's pixels: each goes to the picture whose tile holds its
     * centre (one in the grey padding belongs to none), clipped to that picture.
     */
    static List<List<Detection>> split(List<Detection> found, List<Placement> placements) {
        List<List<Detection>> out = new ArrayList<>(placements.size());
        for (int i = 0; i < placements.size(); i++) {
            out.add(new ArrayList<>());
        }
        for (Detection d : found) {
            Box b = d.box();
            float cx = (b.x1() + b.x2()) / 2;
            float cy = (b.y1() + b.y2()) / 2;
            for (int i = 0; i < placements.size(); i++) {
                Placement p = placements.get(i);
                if (p.holds(cx, cy)) {
                    Box mapped = new Box((float) ((b.x1() - p.x()) / p.scale()), (float) ((b.y1() - p.y()) / p.scale()),
                            (float) ((b.x2() - p.x()) / p.scale()), (float) ((b.y2() - p.y()) / p.scale()))
                            .clip(p.width(), p.height());
                    out.get(i).add(new Detection(d.classId(), d.label(), d.kind(), d.score(), mapped));
                    break;
                }
            }
        }
        return out;
    }
}
