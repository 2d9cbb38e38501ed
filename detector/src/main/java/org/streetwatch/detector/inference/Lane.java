package org.streetwatch.detector.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.streetwatch.detector.Detection;
import org.streetwatch.detector.decode.Candidates;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.violation.Box;

/**
 * The input and output memory of one caller, bound to one session: a preprocessor, one direct buffer each for the
 * input and the output (the model's largest run), and tensors over them per batch size and input size (one size for
 * a fixed-size model; a few for a fully convolutional one, whose input is fitted to its pictures), made once per
 * shape, so a run allocates no tensors and copies no outputs. Used by one thread at a time (see {@link Lanes}).
 */
final class Lane {

    /** Input shapes whose tensors are kept (least recently used dropped): cameras come in a few picture sizes. */
    private static final int SHAPES = 32;

    private final LoadedModel model;
    private final OrtSession session;
    private final ClassScores scores;
    private final ByteBuffer input;
    private final FloatBuffer output;
    private final Preprocessor pre;
    private final Map<List<Integer>, OnnxTensor[]> tensors = new LinkedHashMap<>(SHAPES, 0.75f, true);
    private final Candidates candidates = new Candidates();
    private final Geometry[] geometry;

    Lane(LoadedModel model, OrtSession session, ClassScores scores) {
        this.model = model;
        this.session = session;
        this.scores = scores;
        int batch = model.batch;
        ModelDescriptor.Input spec = model.descriptor.input();
        long pictureFloats = 3L * spec.width() * spec.height();
        input = ByteBuffer.allocateDirect((int) (batch * pictureFloats * Float.BYTES)).order(ByteOrder.nativeOrder());
        output = ByteBuffer.allocateDirect((int) (batch * model.outputFloats() * Float.BYTES))
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        pre = new Preprocessor(spec, input, batch);
        geometry = new Geometry[batch];
    }

    /** Runs at most the model's batch of pictures at once; their detections are added to {@code out} in order. */
    void run(List<Framed> pictures, List<List<Detection>> out) throws InferenceException {
        ModelDescriptor d = model.descriptor;
        int k = pictures.size();
        int inW = d.input().width();
        int inH = d.input().height();
        if (model.fit > 0) {
            // the smallest input that holds every picture of the run at its scale
            inW = 0;
            inH = 0;
            for (Framed p : pictures) {
                double r = pre.scale(p.image().cols(), p.image().rows(), p.maxScale());
                inW = Math.max(inW, fitted(p.image().cols() * r, d.input().width()));
                inH = Math.max(inH, fitted(p.image().rows() * r, d.input().height()));
            }
        }
        for (int i = 0; i < k; i++) {
            Framed p = pictures.get(i);
            geometry[i] = pre.write(p.image(), i, inW, inH, p.maxScale());
        }
        OnnxTensor[] t;
        try {
            t = tensors(k, inW, inH);
        } catch (OrtException e) {
            throw new InferenceException("model " + d.name() + ": " + LoadedModel.firstLine(e.getMessage()));
        }
        try (OrtSession.Result r = session.run(Map.of(d.input().name(), t[0]), Map.of(d.output().name(), t[1]))) {
            // outputs were written into the pinned buffer; the result holds no extra memory
        } catch (OrtException e) {
            throw new InferenceException("model " + d.name() + ": inference failed: "
                    + LoadedModel.firstLine(e.getMessage()));
        }
        for (int i = 0; i < k; i++) {
            candidates.clear();
            model.decoder.decode(output, i, geometry[i], scores.decodeThresholds(), candidates);
            int[] kept = candidates.nms((float) d.nmsIou(), d.classAgnosticNms());
            List<Detection> dets = new ArrayList<>(kept.length);
            Geometry g = geometry[i];
            for (int j : kept) {
                int c = candidates.classId(j);
                Box box = new Box(candidates.x1(j), candidates.y1(j), candidates.x2(j), candidates.y2(j))
                        .clip(g.imageWidth(), g.imageHeight());
                dets.add(new Detection(c, d.classes().get(c), scores.kind(c), candidates.score(j), box));
            }
            out.add(dets);
        }
    }

    /**
     * A side of {@code pixels} with at least one multiple of grey beyond it, rounded to the network's multiple, at most
     * {@code max}: an object at the picture's edge is seen against grey, as in the padded square the network was
     * trained on, not against the convolutions' zero padding (bikes at the bottom edge of a scenario were found one
     * picture later without it).
     */
    private int fitted(double pixels, int max) {
        int f = model.fit;
        return Math.min(max, (int) Math.ceil((Math.floor(pixels) + f) / f) * f);
    }

    /** The input and output tensors of {@code k} pictures of {@code w x h}, over the lane's buffers. */
    private OnnxTensor[] tensors(int k, int w, int h) throws OrtException {
        List<Integer> key = List.of(k, w, h);
        OnnxTensor[] t = tensors.get(key);
        if (t != null) {
            return t;
        }
        ModelDescriptor.Input spec = model.descriptor.input();
        long[] inShape = spec.nchw() ? new long[] {k, 3, h, w} : new long[] {k, h, w, 3};
        FloatBuffer in = input.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
        in.limit((int) (k * 3L * w * h));
        long[] outShape = model.outputShape(k, w, h);
        long outFloats = 1;
        for (long v : outShape) {
            outFloats *= v;
        }
        FloatBuffer ob = output.duplicate();
        ob.limit((int) outFloats);
        OnnxTensor inT = OnnxTensor.createTensor(model.env, in.slice(), inShape);
        try {
            t = new OnnxTensor[] {inT, OnnxTensor.createTensor(model.env, ob.slice(), outShape)};
        } catch (OrtException e) {
            inT.close();
            throw e;
        }
        if (tensors.size() >= SHAPES) {
            Map.Entry<List<Integer>, OnnxTensor[]> eldest = tensors.entrySet().iterator().next();
            tensors.remove(eldest.getKey());
            close(eldest.getValue());
        }
        tensors.put(key, t);
        return t;
    }

    private static void close(OnnxTensor[] t) {
        for (OnnxTensor x : t) {
            x.close();
        }
    }

    /** Frees the tensors; only once no run is in progress, and before the session is closed. */
    void close() {
        tensors.values().forEach(Lane::close);
        tensors.clear();
        pre.close();
    }
}
