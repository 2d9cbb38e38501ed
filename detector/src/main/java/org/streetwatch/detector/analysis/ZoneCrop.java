package org.streetwatch.detector.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.streetwatch.detector.Detection;
import org.streetwatch.detector.inference.Detector;
import org.streetwatch.detector.inference.InferenceException;
import org.streetwatch.detector.inference.Tiling;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.Box;
import org.streetwatch.violation.ZoneType;

/**
 * Inference on what the zones cover: each active zone's box, with a margin and room above it for the people and
 * vehicles whose feet stand in it, where those boxes are clearly smaller than the picture ({@code maxShare}); else the
 * whole picture. Objects outside the boxes are not detected: the rules judge zones only, and a rule that watches the
 * whole picture ({@code misparked_bikes} with {@code outside_bays}) turns the crop off.
 *
 * <p>A detector whose input is fitted to each picture sees a box at the picture's scale, so a box costs its share of
 * the pixels: each zone's box is then detected on its own (boxes that overlap so much that together they are no
 * larger merge). A fixed-size detector (or one with tiles) costs one whole input per box: it sees the one box around
 * all the active zones, enlarged to its input (a far zone's small objects get more of its pixels, for the same one
 * inference), as before fitting.
 *
 * <p>Such a detector also detects only the zones whose rules need this picture ({@link Need}: a road for muck trucks
 * every second while the camera shows motion, a pavement for stalls every few seconds); the other watched zones keep
 * the detections they last had until their turn ({@link #carried}), as a still camera's would between its samples.
 * Zones no rule watches now are left out.
 *
 * @param maxShare largest share of the picture the boxes may cover and still be used instead of it
 */
public record ZoneCrop(boolean enabled, double maxShare) {

    public static final ZoneCrop OFF = new ZoneCrop(false, 0);

    /** Margin on each side, as a share of the picture. */
    static final double MARGIN = 0.04;
    /** Room above the zones' top edge, as a share of the picture: a person standing at that edge. */
    static final double ABOVE = 0.2;

    /**
     * What one picture is detected on.
     *
     * @param boxes   {x, y, width, height} in picture pixels; none: the whole picture
     * @param covered the zones detected this time (all active zones when the whole picture is)
     * @param skipped the boxes of the active zones not due this time, which keep their last detections
     */
    public record Plan(List<int[]> boxes, List<Zone> covered, List<int[]> skipped) {

        public boolean whole() {
            return boxes.isEmpty();
        }
    }

    /** What a zone's rules need of a picture now. */
    public enum Need {
        /** No rule watches the zone now (its schedule, the rule's hours, no rule for its type). */
        NONE,
        /** Watched, but its interval has not passed since its area was last detected. */
        LATER,
        /** Watched, and due. */
        NOW
    }

    /** Detections on the picture, or on the boxes of it the active zones cover, in picture pixels. */
    public List<Detection> detect(Detector detector, Tiling tiling, Mat image, Scene scene, long wallMs)
            throws InferenceException {
        return detect(detector, tiling, image, plan(scene, wallMs, image.cols(), image.rows(),
                detector.fitted() && tiling.none(), z -> Need.NOW));
    }

    /** Detections on the picture or the plan's boxes, in picture pixels (where boxes overlap, one of each object). */
    public List<Detection> detect(Detector detector, Tiling tiling, Mat image, Plan plan) throws InferenceException {
        if (plan.whole()) {
            return tiling.detect(detector, image);
        }
        List<Detection> out = new ArrayList<>();
        for (int[] box : plan.boxes()) {
            List<Detection> found;
            try (Rect r = new Rect(box[0], box[1], box[2], box[3]); Mat view = image.apply(r)) {
                // without tiles the box may share an inference with other cameras' boxes (detector.zone_pack)
                found = tiling.none() ? detector.detectCrop(view, image.cols(), image.rows())
                        : tiling.detect(detector, view);
            }
            for (Detection d : found) {
                Box b = d.box();
                out.add(new Detection(d.classId(), d.label(), d.kind(), d.score(),
                        new Box(b.x1() + box[0], b.y1() + box[1], b.x2() + box[0], b.y2() + box[1])));
            }
        }
        return plan.boxes().size() > 1 ? Tiling.merge(out, (float) detector.descriptor().nmsIou(),
                detector.descriptor().classAgnosticNms()) : out;
    }

    /** The box to detect on as {x, y, width, height} in pixels of a w x h picture; null for the whole picture. */
    public int[] box(Scene scene, long wallMs, int w, int h) {
        Plan p = plan(scene, wallMs, w, h, false, z -> Need.NOW);
        return p.whole() ? null : p.boxes().get(0);
    }

    /**
     * What to detect in a {@code w x h} picture.
     *
     * @param separate each zone's box on its own, only the zones due now (a fitted detector without tiles); else the
     *                 one box around every active zone
     * @param need     what each zone's rules need now; where no watched zone is due, all watched zones are detected,
     *                 and where no zone is watched (only the aim check and the camera wall look), all active zones
     */
    public Plan plan(Scene scene, long wallMs, int w, int h, boolean separate, Function<Zone, Need> need) {
        List<Zone> active = new ArrayList<>();
        for (Zone z : scene.zones()) {
            if (z.type() != ZoneType.MASK && z.activeAt(wallMs)) {
                active.add(z);
            }
        }
        if (!enabled || scene.wholePicture() || active.isEmpty()) {
            return new Plan(List.of(), active, List.of()); // nothing to narrow to
        }
        List<Zone> watched = new ArrayList<>();
        List<Zone> due = new ArrayList<>();
        for (Zone z : active) {
            Need n = separate ? need.apply(z) : Need.NOW; // asked once per zone: it walks the zone's rules
            if (n != Need.NONE) {
                watched.add(z);
            }
            if (n == Need.NOW) {
                due.add(z);
            }
        }
        if (watched.isEmpty()) {
            watched = active;
        }
        List<Zone> covered = due.isEmpty() ? watched : due;
        List<double[]> boxes = new ArrayList<>();
        for (Zone z : covered) {
            double[] b = bounds(z);
            if (separate || boxes.isEmpty()) {
                boxes.add(b);
            } else {
                boxes.set(0, union(boxes.get(0), b));
            }
        }
        if (separate) {
            merge(boxes);
        }
        double share = 0;
        for (double[] b : boxes) {
            share += area(b);
        }
        if (share >= maxShare) {
            return new Plan(List.of(), active, List.of());
        }
        List<int[]> skipped = new ArrayList<>();
        for (Zone z : watched) {
            if (!covered.contains(z)) {
                skipped.add(pixels(bounds(z), w, h));
            }
        }
        return new Plan(boxes.stream().map(b -> pixels(b, w, h)).toList(), covered, skipped);
    }

    /**
     * The last detections (in source pixels) of the zones the plan skipped: those whose ground point lies in a
     * skipped zone's box and that no detected box overlaps. {@code scale} is picture pixels per source pixel.
     */
    public static List<Detection> carried(List<Detection> last, Plan plan, double scale) {
        if (plan.skipped().isEmpty()) {
            return List.of();
        }
        List<Detection> out = new ArrayList<>();
        for (Detection d : last) {
            Box b = d.box().scale(scale);
            if (inAny(plan.skipped(), b.groundX(), b.groundY()) && !overlapsAny(plan.boxes(), b)) {
                out.add(d);
            }
        }
        return out;
    }

    private static boolean inAny(List<int[]> boxes, float x, float y) {
        for (int[] r : boxes) {
            if (x >= r[0] && x <= r[0] + r[2] && y >= r[1] && y <= r[1] + r[3]) {
                return true;
            }
        }
        return false;
    }

    private static boolean overlapsAny(List<int[]> boxes, Box b) {
        for (int[] r : boxes) {
            if (b.x1() < r[0] + r[2] && b.x2() > r[0] && b.y1() < r[1] + r[3] && b.y2() > r[1]) {
                return true;
            }
        }
        return false;
    }

    /** A zone's box with its margins, {x1, y1, x2, y2} as shares of the picture. */
    private static double[] bounds(Zone z) {
        double[] b = z.polygon().bounds();
        return new double[] {Math.max(0, b[0] - MARGIN), Math.max(0, b[1] - MARGIN - ABOVE), Math.min(1, b[2] + MARGIN),
            Math.min(1, b[3] + MARGIN)};
    }

    /** Merges boxes while two of them together are no larger than apart (they overlap that much). */
    private static void merge(List<double[]> boxes) {
        boolean merged = true;
        while (merged) {
            merged = false;
            for (int i = 0; i < boxes.size() && !merged; i++) {
                for (int j = i + 1; j < boxes.size() && !merged; j++) {
                    double[] u = union(boxes.get(i), boxes.get(j));
                    if (area(u) <= area(boxes.get(i)) + area(boxes.get(j))) {
                        boxes.set(i, u);
                        boxes.remove(j);
                        merged = true;
                    }
                }
            }
        }
    }

    private static double[] union(double[] a, double[] b) {
        return new double[] {Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])};
    }

    private static double area(double[] b) {
        return (b[2] - b[0]) * (b[3] - b[1]);
    }

    private static int[] pixels(double[] b, int w, int h) {
        int left = (int) Math.floor(b[0] * w);
        int top = (int) Math.floor(b[1] * h);
        return new int[] {left, top, Math.min(w, (int) Math.ceil(b[2] * w)) - left,
            Math.min(h, (int) Math.ceil(b[3] * h)) - top};
    }
}
