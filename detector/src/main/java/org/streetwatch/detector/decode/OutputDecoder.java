package org.streetwatch.detector.decode;

import java.nio.FloatBuffer;
import java.util.List;
import org.streetwatch.detector.inference.Geometry;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.detector.model.ModelException;

/** Reads one network's output tensor into candidate boxes in image pixels. Stateless and thread-safe. */
public interface OutputDecoder {

    /**
     * Adds the candidates of picture {@code slot} whose score reaches its class's threshold.
     *
     * @param out        the output tensor, all slots, absolute indexing
     * @param thresholds minimum score per class index
     */
    void decode(FloatBuffer out, int slot, Geometry g, float[] thresholds, Candidates sink);

    /**
     * The decoder a descriptor names, checked against the network's actual output shape.
     *
     * @param outputShape as the network reports it; a dynamic batch dimension is negative
     */
    static OutputDecoder of(ModelDescriptor d, long[] outputShape) throws ModelException {
        int nc = d.classes().size();
        ModelDescriptor.Input in = d.input();
        switch (d.output().decoder()) {
            case YOLOX:
                return YoloxDecoder.of(d.name(), in.width(), in.height(), d.output().strides(), nc, outputShape);
            case FASTESTDET:
                return FastestDetDecoder.of(d.name(), in.width(), in.height(), nc, outputShape);
            case ANCHOR_FREE:
                return AnchorFreeDecoder.of(d.name(), nc, outputShape);
            case CLASSIFIER:
                throw new ModelException("model " + d.name() + " is a classifier, not a detector (decoder: classifier)");
            default:
                throw new ModelException("model " + d.name() + ": unknown decoder " + d.output().decoder());
        }
    }

    /** Grid cells over all strides of a {@code width x height} input: a YOLOX output's rows. */
    static long anchors(List<Integer> strides, int width, int height) {
        long n = 0;
        for (int s : strides) {
            n += (long) (width / s) * (height / s);
        }
        return n;
    }

    /** The smallest threshold, below which no class can pass. */
    static float min(float[] thresholds) {
        float m = Float.MAX_VALUE;
        for (float t : thresholds) {
            m = Math.min(m, t);
        }
        return m;
    }

    static String shape(long[] s) {
        return java.util.Arrays.toString(s);
    }
}
