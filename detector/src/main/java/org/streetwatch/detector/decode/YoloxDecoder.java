package org.streetwatch.detector.decode;

import java.nio.FloatBuffer;
import java.util.List;
import org.streetwatch.detector.inference.Geometry;
import org.streetwatch.detector.model.ModelException;

/**
 * YOLOX output {@code [N, anchors, 5 + classes]}: anchors are the cells of each stride's grid in order (row-major
 * within a level), each row {@code tx, ty, tw, th, obj, cls...} with obj and cls already through a sigmoid. Centre =
 * (t + grid) * stride, size = exp(t) * stride, score = obj * cls; every class above its threshold is a candidate, as
 * in the reference decoder.
 */
final class YoloxDecoder implements OutputDecoder {

    private final int[] gridW;
    private final int[] gridH;
    private final int[] strides;
    private final int anchors;
    private final int row;
    private final int nc;

    private YoloxDecoder(int[] gridW, int[] gridH, int[] strides, int anchors, int nc) {
        this.gridW = gridW;
        this.gridH = gridH;
        this.strides = strides;
        this.anchors = anchors;
        this.nc = nc;
        this.row = 5 + nc;
    }

    static YoloxDecoder of(String model, int width, int height, List<Integer> strides, int nc, long[] shape)
            throws ModelException {
        int[] gw = new int[strides.size()];
        int[] gh = new int[strides.size()];
        int[] st = new int[strides.size()];
        int anchors = 0;
        for (int i = 0; i < st.length; i++) {
            st[i] = strides.get(i);
            gw[i] = width / st[i];
            gh[i] = height / st[i];
            anchors += gw[i] * gh[i];
        }
        if (shape.length != 3 || shape[1] != anchors || shape[2] != 5 + nc) {
            throw new ModelException("model " + model + ": yolox decoder expects output [N, " + anchors + ", "
                    + (5 + nc) + "] for a " + width + "x" + height + " input, strides " + strides + " and " + nc
                    + " classes, but the network outputs " + OutputDecoder.shape(shape));
        }
        return new YoloxDecoder(gw, gh, st, anchors, nc);
    }

    @Override
    public void decode(FloatBuffer out, int slot, Geometry g, float[] thresholds, Candidates sink) {
        float floor = OutputDecoder.min(thresholds);
        int base = slot * anchors * row;
        int a = 0;
        for (int level = 0; level < strides.length; level++) {
            int s = strides[level];
            for (int gy = 0; gy < gridH[level]; gy++) {
                for (int gx = 0; gx < gridW[level]; gx++, a++) {
                    int b = base + a * row;
                    float obj = out.get(b + 4);
                    if (obj < floor) {
                        continue;
                    }
                    float cx = Float.NaN;
                    float cy = 0;
                    float hw = 0;
                    float hh = 0;
                    for (int c = 0; c < nc; c++) {
                        float score = obj * out.get(b + 5 + c);
                        if (score < thresholds[c]) {
                            continue;
                        }
                        if (Float.isNaN(cx)) {
                            cx = (out.get(b) + gx) * s;
                            cy = (out.get(b + 1) + gy) * s;
                            hw = (float) Math.exp(out.get(b + 2)) * s / 2;
                            hh = (float) Math.exp(out.get(b + 3)) * s / 2;
                        }
                        sink.add(c, score, (float) g.toImageX(cx - hw), (float) g.toImageY(cy - hh),
                                (float) g.toImageX(cx + hw), (float) g.toImageY(cy + hh));
                    }
                }
            }
        }
    }
}
