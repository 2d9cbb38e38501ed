package org.streetwatch.detector.inference;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.streetwatch.detector.Box;
import org.streetwatch.detector.Detection;
import org.streetwatch.detector.decode.Candidates;

/**
 * Detection on the whole picture plus {@code cols x rows} overlapping tiles, merged by NMS. A 416-pixel network sees
 * a 768-pixel picture at half size; distant people a few dozen pixels tall are then too small for it. Each tile is
 * seen at a larger scale, at the price of one more inference per tile. Tiles are views into the picture (no copy).
 *
 * @param overlap fraction of a tile shared with its neighbour, so an object on a seam is whole in one tile
 */
public record Tiling(int cols, int rows, double overlap) {

    public static final Tiling NONE = new Tiling(1, 1, 0);

    /** "2x1" (columns x rows) or "none". */
    public static Tiling parse(String spec) {
        if (spec == null || spec.isBlank() || spec.equalsIgnoreCase("none") || spec.equals("1x1")) {
            return NONE;
        }
        String[] p = spec.toLowerCase(java.util.Locale.ROOT).split("x");
        if (p.length != 2) {
            throw new IllegalArgumentException("tiles must look like 2x1 (columns x rows), got " + spec);
        }
        return new Tiling(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()), 0.2);
    }

    public boolean none() {
        return cols * rows <= 1;
    }

    /** Inferences per picture. */
    public int runs() {
        return none() ? 1 : cols * rows + 1;
    }

    /** Detections of the whole picture and its tiles, in picture pixels, merged. */
    public List<Detection> detect(Detector detector, Mat image) throws InferenceException {
        if (none()) {
            return detector.detect(image);
        }
        int w = image.cols();
        int h = image.rows();
        int tw = (int) Math.ceil(w / (cols - (cols - 1) * overlap));
        int th = (int) Math.ceil(h / (rows - (rows - 1) * overlap));
        List<Mat> views = new ArrayList<>();
        List<int[]> offsets = new ArrayList<>();
        views.add(image);
        offsets.add(new int[] {0, 0});
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int x = Math.min(w - tw, (int) Math.round(c * tw * (1 - overlap)));
                int y = Math.min(h - th, (int) Math.round(r * th * (1 - overlap)));
                try (Rect rect = new Rect(Math.max(0, x), Math.max(0, y), Math.min(tw, w), Math.min(th, h))) {
                    views.add(image.apply(rect));
                }
                offsets.add(new int[] {Math.max(0, x), Math.max(0, y)});
            }
        }
        try {
            List<List<Detection>> all = detector.detect(views);
            Candidates merged = new Candidates();
            List<Detection> flat = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                int dx = offsets.get(i)[0];
                int dy = offsets.get(i)[1];
                for (Detection d : all.get(i)) {
                    Box b = new Box(d.box().x1() + dx, d.box().y1() + dy, d.box().x2() + dx, d.box().y2() + dy);
                    flat.add(new Detection(d.classId(), d.label(), d.kind(), d.score(), b));
                    merged.add(d.classId(), d.score(), b.x1(), b.y1(), b.x2(), b.y2());
                }
            }
            List<Detection> out = new ArrayList<>();
            for (int k : merged.nms((float) detector.descriptor().nmsIou(), detector.descriptor().classAgnosticNms())) {
                out.add(flat.get(k));
            }
            return out;
        } finally {
            for (int i = 1; i < views.size(); i++) {
                views.get(i).close();
            }
        }
    }
}
