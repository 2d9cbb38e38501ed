package org.streetwatch.detector.decode;

import java.nio.FloatBuffer;
import org.streetwatch.detector.inference.Geometry;
import org.streetwatch.detector.model.ModelException;

/**
 * FastestDet output {@code [N, 5 + classes, H, W]}: one grid; channel 0 is obj (sigmoid), 1-2 the centre offsets
 * (through tanh), 3-4 width and height as fractions of the input (through a sigmoid), then softmax class
 * probabilities. Score = obj^0.6 * cls^0.4 of the best class.
 */
final class FastestDetDecoder implements OutputDecoder {

    private final int inW;
    private final int inH;
    private final int gw;
    private final int gh;
    private final int nc;

    private FastestDetDecoder(int inW, int inH, int gw, int gh, int nc) {
        this.inW = inW;
        this.inH = inH;
        this.gw = gw;
        this.gh = gh;
        this.nc = nc;
    }

    static FastestDetDecoder of(String model, int inW, int inH, int nc, long[] shape) throws ModelException {
        if (shape.length != 4 || shape[1] != 5 + nc || shape[2] <= 0 || shape[3] <= 0) {
            throw new ModelException("model " + model + ": fastestdet decoder expects output [N, " + (5 + nc)
                    + ", H, W] for " + nc + " classes, but the network outputs " + OutputDecoder.shape(shape));
        }
        return new FastestDetDecoder(inW, inH, (int) shape[3], (int) shape[2], nc);
    }

    @Override
    public void decode(FloatBuffer out, int slot, Geometry g, float[] thresholds, Candidates sink) {
        float floor = OutputDecoder.min(thresholds);
        int plane = gw * gh;
        int base = slot * (5 + nc) * plane;
        for (int gy = 0; gy < gh; gy++) {
            for (int gx = 0; gx < gw; gx++) {
                int cell = base + gy * gw + gx;
                float obj = out.get(cell);
                if (Math.pow(obj, 0.6) < floor) {
                    continue; // cls^0.4 <= 1 cannot lift it
                }
                int best = 0;
                float bestP = -1;
                for (int c = 0; c < nc; c++) {
                    float p = out.get(cell + (5 + c) * plane);
                    if (p > bestP) {
                        bestP = p;
                        best = c;
                    }
                }
                float score = (float) (Math.pow(obj, 0.6) * Math.pow(bestP, 0.4));
                if (score < thresholds[best]) {
                    continue;
                }
                double cx = (gx + Math.tanh(out.get(cell + plane))) / gw * inW;
                double cy = (gy + Math.tanh(out.get(cell + 2 * plane))) / gh * inH;
                double w = sigmoid(out.get(cell + 3 * plane)) * inW;
                double h = sigmoid(out.get(cell + 4 * plane)) * inH;
                sink.add(best, score, (float) g.toImageX(cx - w / 2), (float) g.toImageY(cy - h / 2),
                        (float) g.toImageX(cx + w / 2), (float) g.toImageY(cy + h / 2));
            }
        }
    }

    private static double sigmoid(float v) {
        return 1 / (1 + Math.exp(-v));
    }
}
