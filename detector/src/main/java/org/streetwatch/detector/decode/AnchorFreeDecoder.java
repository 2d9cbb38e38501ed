package org.streetwatch.detector.decode;

import java.nio.FloatBuffer;
import org.streetwatch.detector.inference.Geometry;
import org.streetwatch.detector.model.ModelException;

/**
 * The anchor-free head of YOLOv8 / YOLO11 style exports: {@code [N, 4 + classes, anchors]} (or its transpose
 * {@code [N, anchors, 4 + classes]}), each anchor {@code cx, cy, w, h} in input pixels followed by class scores
 * already through a sigmoid. No objectness: score = the best class's score. This is what an operator's own model
 * (stall, muck_truck_uncovered, ...) exported with the usual tools looks like.
 */
final class AnchorFreeDecoder implements OutputDecoder {

    private final int anchors;
    private final int nc;
    private final boolean channelsFirst;

    private AnchorFreeDecoder(int anchors, int nc, boolean channelsFirst) {
        this.anchors = anchors;
        this.nc = nc;
        this.channelsFirst = channelsFirst;
    }

    static AnchorFreeDecoder of(String model, int nc, long[] shape) throws ModelException {
        if (shape.length == 3 && shape[1] == 4 + nc && shape[2] > 0) {
            return new AnchorFreeDecoder((int) shape[2], nc, true);
        }
        if (shape.length == 3 && shape[2] == 4 + nc && shape[1] > 0) {
            return new AnchorFreeDecoder((int) shape[1], nc, false);
        }
        throw new ModelException("model " + model + ": anchor_free decoder expects output [N, " + (4 + nc)
                + ", anchors] or [N, anchors, " + (4 + nc) + "] for " + nc + " classes, but the network outputs "
                + OutputDecoder.shape(shape));
    }

    @Override
    public void decode(FloatBuffer out, int slot, Geometry g, float[] thresholds, Candidates sink) {
        int base = slot * anchors * (4 + nc);
        for (int a = 0; a < anchors; a++) {
            int best = 0;
            float bestS = -1;
            for (int c = 0; c < nc; c++) {
                float s = out.get(index(base, a, 4 + c));
                if (s > bestS) {
                    bestS = s;
                    best = c;
                }
            }
            if (bestS < thresholds[best]) {
                continue;
            }
            float cx = out.get(index(base, a, 0));
            float cy = out.get(index(base, a, 1));
            float hw = out.get(index(base, a, 2)) / 2;
            float hh = out.get(index(base, a, 3)) / 2;
            sink.add(best, bestS, (float) g.toImageX(cx - hw), (float) g.toImageY(cy - hh),
                    (float) g.toImageX(cx + hw), (float) g.toImageY(cy + hh));
        }
    }

    private int index(int base, int anchor, int channel) {
        return channelsFirst ? base + channel * anchors + anchor : base + anchor * (4 + nc) + channel;
    }
}
