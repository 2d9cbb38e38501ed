package org.streetwatch.detector.inference;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.streetwatch.detector.Detection;
import org.streetwatch.violation.Box;

/**
 * Detection on the whole picture plus {@code cols x rows} overlapping tiles, merged by NMS. A 416-pixel network sees
 * a 768-pixel picture at half size; distant people a few dozen pixels tall are then too small for it. Each tile is
 * seen at a larger scale, at the price of one more inference per tile. Tiles are views into the picture (no copy).
 *
 * @param overlap fraction of a tile shared with its neighbour, so an object on a seam is whole in one tile
 */
public record Tiling(int cols, int rows, double overlap) {

    /** Pixels from a tile's inner edge within which a box counts as cut by the seam. */
    private static final float EDGE = 2;

    /**
     * The same object seen in the full view and in a tile: greedy by score, a box is dropped if it overlaps a kept box
     * of its class by more than {@code iou}, or lies mostly (70 %) inside it (a part of a person seen larger).
     */
    public static List<Detection> merge(List<Detection> all, float iou, boolean agnostic) {
        List<Detection> sorted = new ArrayList<>(all);
        sorted.sort((a, b) -> Float.compare(b.score(), a.score()));
        List<Detection> kept = new ArrayList<>();
        for (Detection d : sorted) {
            boolean dup = false;
            for (Detection k : kept) {
                if ((agnostic || k.classId() == d.classId()) && (k.box().iou(d.box()) > iou
                        || inside(d.box(), k.box()) > 0.7f || inside(k.box(), d.box()) > 0.7f)) {
                    dup = true;
                    break;
                }
            }
            if (!dup) {
                kept.add(d);
            }
        }
        return kept;
    }

    /** The fraction of {@code a}'s area that lies inside {@code b}. */
    private static float inside(Box a, Box b) {
        float ix = Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1());
        float iy = Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1());
        return ix <= 0 || iy <= 0 || a.area() <= 0 ? 0 : ix * iy / a.area();
    }

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
            List<Detection> flat = new ArrayList<>(all.get(0));
            for (int i = 1; i < all.size(); i++) {
                int dx = offsets.get(i)[0];
                int dy = offsets.get(i)[1];
                int vw = views.get(i).cols();
                int vh = views.get(i).rows();
                for (Detection d : all.get(i)) {
                    Box b = d.box();
                    // an object cut by a seam inside the picture is whole in the full view or the next tile
                    boolean cut = (b.x1() <= EDGE && dx > 0) || (b.y1() <= EDGE && dy > 0)
                            || (b.x2() >= vw - EDGE && dx + vw < w) || (b.y2() >= vh - EDGE && dy + vh < h);
                    if (!cut) {
                        flat.add(new Detection(d.classId(), d.label(), d.kind(), d.score(),
                                new Box(b.x1() + dx, b.y1() + dy, b.x2() + dx, b.y2() + dy)));
                    }
                }
            }
            return merge(flat, (float) detector.descriptor().nmsIou(), detector.descriptor().classAgnosticNms());
        } finally {
            for (int i = 1; i < views.size(); i++) {
                views.get(i).close();
            }
        }
    }
}
