package org.streetwatch.detector.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes a dynamic-batch copy of an exported ONNX detector whose batch dimension was fixed to 1 at export (the shared
 * YOLOX-Nano): the graph's input and output get a symbolic first dimension, Reshape targets copy their first
 * dimension from their input (0 instead of 1), and the stale intermediate shapes are dropped. Works on the raw
 * protobuf (ModelProto field numbers from onnx.proto), so no ONNX library is needed. Used by the batching test and the
 * batch-size sweep.
 */
public final class DynamicBatchModel {

    // onnx.proto field numbers
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int GRAPH_VALUE_INFO = 13;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OP_TYPE = 4;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_PARAM = 2;

    private DynamicBatchModel() {
    }

    public static Path of(Path fixed, Path out) throws IOException {
        return of(fixed, out, false);
    }

    /**
     * @param anySize also make the input's height and width (and the output's anchor count) symbolic, so the same
     *                weights run at a larger input (convolutions do not care; the decoder computes the grid)
     */
    public static Path of(Path fixed, Path out, boolean anySize) throws IOException {
        if (Files.isRegularFile(out)) {
            return out;
        }
        UnknownFieldSet model = UnknownFieldSet.parseFrom(Files.readAllBytes(fixed));
        UnknownFieldSet graph = UnknownFieldSet.parseFrom(model.getField(MODEL_GRAPH).getLengthDelimitedList().get(0));
        Set<String> reshapeTargets = new HashSet<>();
        for (ByteString nb : graph.getField(GRAPH_NODE).getLengthDelimitedList()) {
            UnknownFieldSet n = UnknownFieldSet.parseFrom(nb);
            if (n.getField(NODE_OP_TYPE).getLengthDelimitedList().get(0).toStringUtf8().equals("Reshape")) {
                reshapeTargets.add(n.getField(NODE_INPUT).getLengthDelimitedList().get(1).toStringUtf8());
            }
        }
        List<ByteString> inits = new ArrayList<>();
        for (ByteString tb : graph.getField(GRAPH_INITIALIZER).getLengthDelimitedList()) {
            UnknownFieldSet t = UnknownFieldSet.parseFrom(tb);
            String name = t.getField(TENSOR_NAME).getLengthDelimitedList().get(0).toStringUtf8();
            if (reshapeTargets.contains(name)) {
                byte[] raw = t.getField(TENSOR_RAW_DATA).getLengthDelimitedList().get(0).toByteArray();
                ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
                if (b.getLong(0) == 1) {
                    b.putLong(0, 0); // 0: copy the batch dimension from the input
                }
                t = replace(t, TENSOR_RAW_DATA, ByteString.copyFrom(raw));
            }
            inits.add(t.toByteString());
        }
        UnknownFieldSet.Builder g = UnknownFieldSet.newBuilder(graph);
        g.clearField(GRAPH_INITIALIZER).addField(GRAPH_INITIALIZER, lengthDelimited(inits));
        g.clearField(GRAPH_INPUT).addField(GRAPH_INPUT, lengthDelimited(symbolic(graph.getField(GRAPH_INPUT)
                .getLengthDelimitedList(), anySize ? new int[] {0, 2, 3} : new int[] {0})));
        g.clearField(GRAPH_OUTPUT).addField(GRAPH_OUTPUT, lengthDelimited(symbolic(graph.getField(GRAPH_OUTPUT)
                .getLengthDelimitedList(), anySize ? new int[] {0, 1} : new int[] {0})));
        g.clearField(GRAPH_VALUE_INFO);
        UnknownFieldSet result = replace(model, MODEL_GRAPH, g.build().toByteString());
        Files.createDirectories(out.toAbsolutePath().getParent());
        Path tmp = out.resolveSibling(out.getFileName() + ".part");
        Files.write(tmp, result.toByteArray());
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
        return out;
    }

    private static List<ByteString> symbolic(List<ByteString> valueInfos, int[] axes) throws IOException {
        List<ByteString> out = new ArrayList<>();
        for (ByteString vb : valueInfos) {
            UnknownFieldSet vi = UnknownFieldSet.parseFrom(vb);
            UnknownFieldSet type = UnknownFieldSet.parseFrom(vi.getField(VALUE_INFO_TYPE).getLengthDelimitedList().get(0));
            UnknownFieldSet tensor = UnknownFieldSet.parseFrom(type.getField(TYPE_TENSOR).getLengthDelimitedList().get(0));
            UnknownFieldSet shape = UnknownFieldSet.parseFrom(
                    tensor.getField(TENSOR_TYPE_SHAPE).getLengthDelimitedList().get(0));
            List<ByteString> dims = new ArrayList<>(shape.getField(SHAPE_DIM).getLengthDelimitedList());
            for (int axis : axes) {
                dims.set(axis, UnknownFieldSet.newBuilder().addField(DIM_PARAM, UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(ByteString.copyFromUtf8("d" + axis)).build()).build().toByteString());
            }
            shape = UnknownFieldSet.newBuilder(shape).clearField(SHAPE_DIM).addField(SHAPE_DIM, lengthDelimited(dims))
                    .build();
            tensor = replace(tensor, TENSOR_TYPE_SHAPE, shape.toByteString());
            type = replace(type, TYPE_TENSOR, tensor.toByteString());
            out.add(replace(vi, VALUE_INFO_TYPE, type.toByteString()).toByteString());
        }
        return out;
    }

    private static UnknownFieldSet replace(UnknownFieldSet msg, int field, ByteString value) {
        return UnknownFieldSet.newBuilder(msg).clearField(field)
                .addField(field, UnknownFieldSet.Field.newBuilder().addLengthDelimited(value).build()).build();
    }

    private static UnknownFieldSet.Field lengthDelimited(List<ByteString> values) {
        UnknownFieldSet.Field.Builder f = UnknownFieldSet.Field.newBuilder();
        values.forEach(f::addLengthDelimited);
        return f.build();
    }
}
