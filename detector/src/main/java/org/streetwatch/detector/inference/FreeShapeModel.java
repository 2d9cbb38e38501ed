package org.streetwatch.detector.inference;

import static org.streetwatch.detector.inference.OnnxFields.DIM_PARAM;
import static org.streetwatch.detector.inference.OnnxFields.GRAPH_INITIALIZER;
import static org.streetwatch.detector.inference.OnnxFields.GRAPH_INPUT;
import static org.streetwatch.detector.inference.OnnxFields.GRAPH_NODE;
import static org.streetwatch.detector.inference.OnnxFields.GRAPH_OUTPUT;
import static org.streetwatch.detector.inference.OnnxFields.GRAPH_VALUE_INFO;
import static org.streetwatch.detector.inference.OnnxFields.MODEL_GRAPH;
import static org.streetwatch.detector.inference.OnnxFields.NODE_INPUT;
import static org.streetwatch.detector.inference.OnnxFields.NODE_OP_TYPE;
import static org.streetwatch.detector.inference.OnnxFields.SHAPE_DIM;
import static org.streetwatch.detector.inference.OnnxFields.TENSOR_NAME;
import static org.streetwatch.detector.inference.OnnxFields.TENSOR_RAW_DATA;
import static org.streetwatch.detector.inference.OnnxFields.TENSOR_TYPE_SHAPE;
import static org.streetwatch.detector.inference.OnnxFields.TYPE_TENSOR;
import static org.streetwatch.detector.inference.OnnxFields.VALUE_INFO_NAME;
import static org.streetwatch.detector.inference.OnnxFields.VALUE_INFO_TYPE;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX detector exported with fixed dimensions, freed: the batch (its input and output get a symbolic first
 * dimension, and Reshape targets copy their first dimension from their input: 0 instead of 1) and/or, for a fully
 * convolutional network, the input's height and width (and the output's rows, which follow them).
 * The intermediate shapes the exporter recorded ({@code value_info}, optional) are dropped, so ONNX Runtime infers
 * them per run. Weights and operators are untouched; whether the graph really runs at another size is for the caller
 * to probe ({@link LoadedModel} does at load).
 *
 * <p>Works on the wire format with field numbers from onnx.proto ({@link OnnxFields}), so no ONNX library is needed.
 */
public final class FreeShapeModel {

    private FreeShapeModel() {
    }

    /**
     * @param input    the detector's input tensor
     * @param output   its output tensor, {@code [N, rows, ...]}: rows follow the input's size
     * @param batch    free the batch dimension
     * @param sizeAxes the input's height and width axes to free (none: keep the size)
     * @throws InvalidProtocolBufferException not an ONNX model, or no such input or output
     */
    public static byte[] of(byte[] fixed, String input, String output, boolean batch, List<Integer> sizeAxes)
            throws InvalidProtocolBufferException {
        UnknownFieldSet model = UnknownFieldSet.parseFrom(fixed);
        UnknownFieldSet graph = UnknownFieldSet.parseFrom(only(model, MODEL_GRAPH));
        UnknownFieldSet.Builder g = UnknownFieldSet.newBuilder(graph);
        if (batch) {
            g.clearField(GRAPH_INITIALIZER).addField(GRAPH_INITIALIZER, lengthDelimited(batchFreeReshapes(graph)));
        }
        Map<Integer, String> in = new HashMap<>();
        Map<Integer, String> out = new HashMap<>();
        if (batch) {
            in.put(0, "batch");
            out.put(0, "batch");
        }
        if (!sizeAxes.isEmpty()) {
            in.put(sizeAxes.get(0), "height");
            in.put(sizeAxes.get(1), "width");
            out.put(1, "rows");
        }
        g.clearField(GRAPH_INPUT).addField(GRAPH_INPUT, lengthDelimited(symbolic(graph, GRAPH_INPUT, input, in)));
        g.clearField(GRAPH_OUTPUT).addField(GRAPH_OUTPUT, lengthDelimited(symbolic(graph, GRAPH_OUTPUT, output, out)));
        g.clearField(GRAPH_VALUE_INFO);
        return replace(model, MODEL_GRAPH, g.build().toByteString()).toByteArray();
    }

    /** The initializers, with each Reshape target's leading 1 (the batch fixed at export) made 0 (copy it). */
    private static List<ByteString> batchFreeReshapes(UnknownFieldSet graph) throws InvalidProtocolBufferException {
        Set<String> reshapeTargets = new HashSet<>();
        for (ByteString nb : graph.getField(GRAPH_NODE).getLengthDelimitedList()) {
            UnknownFieldSet n = UnknownFieldSet.parseFrom(nb);
            if (only(n, NODE_OP_TYPE).toStringUtf8().equals("Reshape")) {
                reshapeTargets.add(n.getField(NODE_INPUT).getLengthDelimitedList().get(1).toStringUtf8());
            }
        }
        List<ByteString> inits = new ArrayList<>();
        for (ByteString tb : graph.getField(GRAPH_INITIALIZER).getLengthDelimitedList()) {
            UnknownFieldSet t = UnknownFieldSet.parseFrom(tb);
            if (reshapeTargets.contains(only(t, TENSOR_NAME).toStringUtf8()) && t.hasField(TENSOR_RAW_DATA)) {
                byte[] raw = only(t, TENSOR_RAW_DATA).toByteArray();
                ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
                if (raw.length >= Long.BYTES && b.getLong(0) == 1) {
                    b.putLong(0, 0);
                }
                t = replace(t, TENSOR_RAW_DATA, ByteString.copyFrom(raw));
            }
            inits.add(t.toByteString());
        }
        return inits;
    }

    /** The graph's inputs (or outputs), the one named {@code name} with the given axes given symbolic names. */
    private static List<ByteString> symbolic(UnknownFieldSet graph, int field, String name, Map<Integer, String> axes)
            throws InvalidProtocolBufferException {
        List<ByteString> out = new ArrayList<>();
        boolean found = false;
        for (ByteString vb : graph.getField(field).getLengthDelimitedList()) {
            UnknownFieldSet vi = UnknownFieldSet.parseFrom(vb);
            if (!only(vi, VALUE_INFO_NAME).toStringUtf8().equals(name)) {
                out.add(vb);
                continue;
            }
            found = true;
            UnknownFieldSet type = UnknownFieldSet.parseFrom(only(vi, VALUE_INFO_TYPE));
            UnknownFieldSet tensor = UnknownFieldSet.parseFrom(only(type, TYPE_TENSOR));
            UnknownFieldSet shape = UnknownFieldSet.parseFrom(only(tensor, TENSOR_TYPE_SHAPE));
            List<ByteString> dims = new ArrayList<>(shape.getField(SHAPE_DIM).getLengthDelimitedList());
            for (Map.Entry<Integer, String> a : axes.entrySet()) {
                if (a.getKey() < dims.size()) {
                    dims.set(a.getKey(), UnknownFieldSet.newBuilder().addField(DIM_PARAM, UnknownFieldSet.Field
                            .newBuilder().addLengthDelimited(ByteString.copyFromUtf8(a.getValue())).build()).build()
                            .toByteString());
                }
            }
            shape = UnknownFieldSet.newBuilder(shape).clearField(SHAPE_DIM).addField(SHAPE_DIM, lengthDelimited(dims))
                    .build();
            tensor = replace(tensor, TENSOR_TYPE_SHAPE, shape.toByteString());
            type = replace(type, TYPE_TENSOR, tensor.toByteString());
            out.add(replace(vi, VALUE_INFO_TYPE, type.toByteString()).toByteString());
        }
        if (!found) {
            throw new InvalidProtocolBufferException("the graph has no " + (field == GRAPH_INPUT ? "input" : "output")
                    + " named '" + name + "' with a shape");
        }
        return out;
    }

    private static ByteString only(UnknownFieldSet msg, int field) throws InvalidProtocolBufferException {
        List<ByteString> v = msg.hasField(field) ? msg.getField(field).getLengthDelimitedList() : List.of();
        if (v.size() != 1) {
            throw new InvalidProtocolBufferException("not an ONNX model: field " + field + " appears " + v.size()
                    + " times where one is expected");
        }
        return v.get(0);
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
