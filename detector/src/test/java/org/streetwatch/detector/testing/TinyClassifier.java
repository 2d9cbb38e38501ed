package org.streetwatch.detector.testing;

import static org.streetwatch.detector.inference.OnnxFields.DIM_VALUE;
import static org.streetwatch.detector.inference.OnnxFields.FLOAT;
import static org.streetwatch.detector.inference.OnnxFields.GRAPH_INITIALIZER;
import static org.streetwatch.detector.inference.OnnxFields.GRAPH_INPUT;
import static org.streetwatch.detector.inference.OnnxFields.GRAPH_NAME;
import static org.streetwatch.detector.inference.OnnxFields.GRAPH_NODE;
import static org.streetwatch.detector.inference.OnnxFields.GRAPH_OUTPUT;
import static org.streetwatch.detector.inference.OnnxFields.MODEL_GRAPH;
import static org.streetwatch.detector.inference.OnnxFields.MODEL_IR_VERSION;
import static org.streetwatch.detector.inference.OnnxFields.MODEL_OPSET;
import static org.streetwatch.detector.inference.OnnxFields.NODE_INPUT;
import static org.streetwatch.detector.inference.OnnxFields.NODE_OP_TYPE;
import static org.streetwatch.detector.inference.OnnxFields.NODE_OUTPUT;
import static org.streetwatch.detector.inference.OnnxFields.OPSET_VERSION;
import static org.streetwatch.detector.inference.OnnxFields.SHAPE_DIM;
import static org.streetwatch.detector.inference.OnnxFields.TENSOR_DATA_TYPE;
import static org.streetwatch.detector.inference.OnnxFields.TENSOR_DIMS;
import static org.streetwatch.detector.inference.OnnxFields.TENSOR_NAME;
import static org.streetwatch.detector.inference.OnnxFields.TENSOR_RAW_DATA;
import static org.streetwatch.detector.inference.OnnxFields.TENSOR_TYPE_ELEM;
import static org.streetwatch.detector.inference.OnnxFields.TENSOR_TYPE_SHAPE;
import static org.streetwatch.detector.inference.OnnxFields.TYPE_TENSOR;
import static org.streetwatch.detector.inference.OnnxFields.VALUE_INFO_NAME;
import static org.streetwatch.detector.inference.OnnxFields.VALUE_INFO_TYPE;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.streetwatch.hash.Sha256;

/**
 * A real ONNX image classifier small enough to write at test time, with its descriptor: 16x16 stretched input scaled
 * to 0..1, GlobalAveragePool, Flatten, Gemm. Its classes are {@code materials, garbage, laundry, goods}; the logit of
 * {@code goods} grows with the picture's mean brightness and that of {@code garbage} falls with it (the other two are
 * 0), so a bright crop is goods and a dark one garbage. Written as raw protobuf (onnx.proto field numbers), as
 * {@link DynamicBatchModel} edits one.
 */
public final class TinyClassifier {

    public static final String NAME = "tiny_things";
    public static final List<String> CLASSES = List.of("materials", "garbage", "laundry", "goods");

    /** Logit of goods per unit of mean brightness (0..1, summed over the three channels), and at brightness 0. */
    private static final float GAIN = 20f / 3;
    private static final float OFFSET = -10f;

    private TinyClassifier() {
    }

    /**
     * Writes {@code tiny_things.onnx} and {@code tiny_things.yaml} (with the weights' SHA-256) into {@code dir}.
     *
     * @param descriptorEdit applied to the descriptor's text before it is written (a mismatch to test), or identity
     */
    public static Path write(Path dir, java.util.function.UnaryOperator<String> descriptorEdit) throws IOException {
        Files.createDirectories(dir);
        Path onnx = dir.resolve(NAME + ".onnx");
        Files.write(onnx, model());
        String yaml = "name: " + NAME + "\n"
                + "file: " + NAME + ".onnx\n"
                + "sha256: " + Sha256.of(onnx) + "\n"
                + "input:\n"
                + "  name: image\n"
                + "  shape: [1, 3, 16, 16]\n"
                + "  scale: 0.00392156862745098\n"
                + "  resize: stretch\n"
                + "output:\n"
                + "  name: scores\n"
                + "  decoder: classifier\n"
                + "classes: [" + String.join(", ", CLASSES) + "]\n";
        Files.writeString(dir.resolve(NAME + ".yaml"), descriptorEdit.apply(yaml));
        return dir;
    }

    private static byte[] model() {
        int k = CLASSES.size();
        float[] weights = new float[3 * k]; // [3, k]: channel by class
        float[] bias = new float[k];
        int garbage = CLASSES.indexOf("garbage");
        int goods = CLASSES.indexOf("goods");
        for (int c = 0; c < 3; c++) {
            weights[c * k + goods] = GAIN;
            weights[c * k + garbage] = -GAIN;
        }
        bias[goods] = OFFSET;
        bias[garbage] = -OFFSET;
        UnknownFieldSet graph = UnknownFieldSet.newBuilder()
                .addField(GRAPH_NODE, bytes(node("GlobalAveragePool", "image", "pooled"),
                        node("Flatten", "pooled", "flat"), node("Gemm", "flat", "w", "b", "scores")))
                .addField(GRAPH_NAME, bytes(ByteString.copyFromUtf8("tiny_things")))
                .addField(GRAPH_INITIALIZER, bytes(tensor("w", weights, 3, k), tensor("b", bias, k)))
                .addField(GRAPH_INPUT, bytes(valueInfo("image", 1, 3, 16, 16)))
                .addField(GRAPH_OUTPUT, bytes(valueInfo("scores", 1, k)))
                .build();
        return UnknownFieldSet.newBuilder()
                .addField(MODEL_IR_VERSION, varint(8))
                .addField(MODEL_OPSET, bytes(UnknownFieldSet.newBuilder().addField(OPSET_VERSION, varint(13)).build()
                        .toByteString()))
                .addField(MODEL_GRAPH, bytes(graph.toByteString()))
                .build().toByteArray();
    }

    /** A node whose last name is its output, the others its inputs. */
    private static ByteString node(String op, String... names) {
        UnknownFieldSet.Builder n = UnknownFieldSet.newBuilder();
        ByteString[] inputs = new ByteString[names.length - 1];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = ByteString.copyFromUtf8(names[i]);
        }
        return n.addField(NODE_INPUT, bytes(inputs))
                .addField(NODE_OUTPUT, bytes(ByteString.copyFromUtf8(names[names.length - 1])))
                .addField(NODE_OP_TYPE, bytes(ByteString.copyFromUtf8(op)))
                .build().toByteString();
    }

    private static ByteString tensor(String name, float[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        UnknownFieldSet.Field.Builder d = UnknownFieldSet.Field.newBuilder();
        for (long v : dims) {
            d.addVarint(v);
        }
        return UnknownFieldSet.newBuilder().addField(TENSOR_DIMS, d.build())
                .addField(TENSOR_DATA_TYPE, varint(FLOAT))
                .addField(TENSOR_NAME, bytes(ByteString.copyFromUtf8(name)))
                .addField(TENSOR_RAW_DATA, bytes(ByteString.copyFrom(raw.array())))
                .build().toByteString();
    }

    private static ByteString valueInfo(String name, long... dims) {
        ByteString[] ds = new ByteString[dims.length];
        for (int i = 0; i < dims.length; i++) {
            ds[i] = UnknownFieldSet.newBuilder().addField(DIM_VALUE, varint(dims[i])).build().toByteString();
        }
        ByteString shape = UnknownFieldSet.newBuilder().addField(SHAPE_DIM, bytes(ds)).build().toByteString();
        ByteString tensor = UnknownFieldSet.newBuilder().addField(TENSOR_TYPE_ELEM, varint(FLOAT))
                .addField(TENSOR_TYPE_SHAPE, bytes(shape)).build().toByteString();
        ByteString type = UnknownFieldSet.newBuilder().addField(TYPE_TENSOR, bytes(tensor)).build().toByteString();
        return UnknownFieldSet.newBuilder().addField(VALUE_INFO_NAME, bytes(ByteString.copyFromUtf8(name)))
                .addField(VALUE_INFO_TYPE, bytes(type)).build().toByteString();
    }

    private static UnknownFieldSet.Field bytes(ByteString... values) {
        UnknownFieldSet.Field.Builder f = UnknownFieldSet.Field.newBuilder();
        for (ByteString v : values) {
            f.addLengthDelimited(v);
        }
        return f.build();
    }

    private static UnknownFieldSet.Field varint(long v) {
        return UnknownFieldSet.Field.newBuilder().addVarint(v).build();
    }
}
