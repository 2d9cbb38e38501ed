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

    private final List<Integer> strideList;
    private final int[] strides;
    private final int nc;
    private final int row;

    private YoloxDecoder(List<Integer> strides, int nc) {
        this.strideList = List.copyOf(strides);
        this.strides = strides.stream().mapToInt(Integer::intValue).toArray();
        this.nc = nc;
        this.row = 5 + nc;
    }

    static YoloxDecoder of(String model, int width, int height, List<Integer> strides, int nc, long[] shape)
            throws ModelException {
        long anchors = OutputDecoder.anchors(strides, width, height);
        if (shape.length != 3 || shape[1] != anchors || shape[2] != 5 + nc) {
            throw new ModelException("model " + model + ": yolox decoder expects output [N, " + anchors + ", "
                    + (5 + nc) + "] for a " + width + "x" + height + " input, strides " + strides + " and " + nc
                    + " classes, but the network outputs " + OutputDecoder.shape(shape));
        }
        return new YoloxDecoder(strides, nc);
    }

    /** The grid of each stride follows the input of the run (a fitted input is smaller than the model's shape). */
    @Override
    public void decode(FloatBuffer out, int slot, Geometry g, float[] thresholds, Candidates sink) {
        float floor = OutputDecoder.min(thresholds);
        int base = slot * (int) OutputDecoder.anchors(strideList, g.inputWidth(), g.inputHeight()) * row;
        int a = 0;
        for (int s : strides) {
            int gridW = g.inputWidth() / s;
            int gridH = g.inputHeight() / s;
            for (int gy = 0; gy < gridH; gy++) {
                for (int gx = 0; gx < gridW; gx++, a++) {
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
