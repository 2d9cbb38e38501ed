package org.streetwatch.detector.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.streetwatch.detector.Detection;
import org.streetwatch.detector.decode.Candidates;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.violation.Box;

/**
 * The input and output memory of one caller, bound to one session: a preprocessor, input tensors over one direct
 * buffer and pinned output tensors (one of each per batch size up to the model's), all allocated once, so a run
 * allocates no tensors and copies no outputs. Used by one thread at a time (see {@link Lanes}).
 */
final class Lane {

    private final LoadedModel model;
    private final OrtSession session;
    private final ClassScores scores;
    private final FloatBuffer output;
    private final Preprocessor pre;
    private final OnnxTensor[] inTensors;
    private final OnnxTensor[] outTensors;
    private final Candidates candidates = new Candidates();
    private final Geometry[] geometry;

    Lane(LoadedModel model, OrtSession session, ClassScores scores) throws OrtException {
        this.model = model;
        this.session = session;
        this.scores = scores;
        int batch = model.batch;
        ModelDescriptor.Input spec = model.descriptor.input();
        long pictureFloats = 3L * spec.width() * spec.height();
        ByteBuffer input = ByteBuffer.allocateDirect((int) (batch * pictureFloats * Float.BYTES))
                .order(ByteOrder.nativeOrder());
        long outFloats = 1;
        for (int i = 1; i < model.outputShape.length; i++) {
            outFloats *= model.outputShape[i];
        }
        output = ByteBuffer.allocateDirect((int) (batch * outFloats * Float.BYTES)).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        pre = new Preprocessor(spec, input, batch);
        inTensors = new OnnxTensor[batch];
        outTensors = new OnnxTensor[batch];
        long[] inShape = spec.shape().stream().mapToLong(Long::longValue).toArray();
        for (int k = 1; k <= batch; k++) {
            inShape[0] = k;
            FloatBuffer in = input.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
            in.limit((int) (k * pictureFloats));
            inTensors[k - 1] = OnnxTensor.createTensor(model.env, in.slice(), inShape.clone());
            long[] os = model.outputShape.clone();
            os[0] = k;
            FloatBuffer ob = output.duplicate();
            ob.limit((int) (k * outFloats));
            outTensors[k - 1] = OnnxTensor.createTensor(model.env, ob.slice(), os);
        }
        geometry = new Geometry[batch];
    }

    /** Runs at most the model's batch of pictures at once; their detections are added to {@code out} in order. */
    void run(List<Mat> images, List<List<Detection>> out) throws InferenceException {
        ModelDescriptor d = model.descriptor;
        int k = images.size();
        for (int i = 0; i < k; i++) {
            geometry[i] = pre.write(images.get(i), i);
        }
        try (OrtSession.Result r = session.run(Map.of(d.input().name(), inTensors[k - 1]),
                Map.of(d.output().name(), outTensors[k - 1]))) {
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

    /** Frees the tensors; only once no run is in progress, and before the session is closed. */
    void close() {
        for (OnnxTensor t : inTensors) {
            t.close();
        }
        for (OnnxTensor t : outTensors) {
            t.close();
        }
        pre.close();
    }
}
