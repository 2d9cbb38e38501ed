package org.streetwatch.detector.analysis;

import java.util.ArrayList;
import java.util.List;
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
 * Inference on what the zones cover: the box around the zones active now, with a margin and room above them for the
 * people and vehicles whose feet stand in them, where that box is clearly smaller than the picture. The network sees
 * the box letterboxed to its input, so a far zone's small objects get more of its pixels, for the same one inference;
 * where the zones cover most of the picture ({@code maxShare}), it sees the whole picture. Objects outside the box are
 * not detected: the rules judge zones only, and a rule that watches the whole picture ({@code misparked_bikes} with
 * {@code outside_bays}) turns the crop off.
 *
 * @param maxShare largest share of the picture the box may cover and still be used instead of it
 */
public record ZoneCrop(boolean enabled, double maxShare) {

    public static final ZoneCrop OFF = new ZoneCrop(false, 0);

    /** Margin on each side, as a share of the picture. */
    static final double MARGIN = 0.04;
    /** Room above the zones' top edge, as a share of the picture: a person standing at that edge. */
    static final double ABOVE = 0.2;

    /** Detections on the picture, or on the box of it the zones cover, in picture pixels. */
    public List<Detection> detect(Detector detector, Tiling tiling, Mat image, Scene scene, long wallMs)
            throws InferenceException {
        int[] box = box(scene, wallMs, image.cols(), image.rows());
        if (box == null) {
            return tiling.detect(detector, image);
        }
        List<Detection> found;
        try (Rect r = new Rect(box[0], box[1], box[2], box[3]); Mat view = image.apply(r)) {
            // without tiles the box may share an inference with other cameras' boxes (detector.zone_pack)
            found = tiling.none() ? detector.detectCrop(view, image.cols(), image.rows()) : tiling.detect(detector, view);
        }
        List<Detection> out = new ArrayList<>(found.size());
        for (Detection d : found) {
            Box b = d.box();
            out.add(new Detection(d.classId(), d.label(), d.kind(), d.score(),
                    new Box(b.x1() + box[0], b.y1() + box[1], b.x2() + box[0], b.y2() + box[1])));
        }
        return out;
    }

    /** The box to detect on as {x, y, width, height} in pixels of a w x h picture; null for the whole picture. */
    public int[] box(Scene scene, long wallMs, int w, int h) {
        if (!enabled || scene.wholePicture()) {
            return null;
        }
        double x1 = 1;
        double y1 = 1;
        double x2 = 0;
        double y2 = 0;
        for (Zone z : scene.zones()) {
            if (z.type() == ZoneType.MASK || !z.activeAt(wallMs)) {
                continue;
            }
            double[] b = z.polygon().bounds();
            x1 = Math.min(x1, b[0]);
            y1 = Math.min(y1, b[1]);
            x2 = Math.max(x2, b[2]);
            y2 = Math.max(y2, b[3]);
        }
        if (x2 <= x1 || y2 <= y1) {
            return null; // no active zone: nothing to narrow to
        }
        x1 = Math.max(0, x1 - MARGIN);
        x2 = Math.min(1, x2 + MARGIN);
        y1 = Math.max(0, y1 - MARGIN - ABOVE);
        y2 = Math.min(1, y2 + MARGIN);
        if ((x2 - x1) * (y2 - y1) >= maxShare) {
            return null;
        }
        int left = (int) Math.floor(x1 * w);
        int top = (int) Math.floor(y1 * h);
        return new int[] {left, top, Math.min(w, (int) Math.ceil(x2 * w)) - left,
            Math.min(h, (int) Math.ceil(y2 * h)) - top};
    }
}
