package org.streetwatch.detector.inference;

/**
 * Field numbers of onnx.proto (each named after its message), for code that reads or writes ONNX models on the
 * protobuf wire format without an ONNX library: {@link FreeShapeModel}, and the tests' tiny models.
 */
public final class OnnxFields {

    public static final int MODEL_IR_VERSION = 1;
    public static final int MODEL_GRAPH = 7;
    public static final int MODEL_OPSET = 8;
    public static final int OPSET_VERSION = 2;
    public static final int GRAPH_NODE = 1;
    public static final int GRAPH_NAME = 2;
    public static final int GRAPH_INITIALIZER = 5;
    public static final int GRAPH_INPUT = 11;
    public static final int GRAPH_OUTPUT = 12;
    public static final int GRAPH_VALUE_INFO = 13;
    public static final int NODE_INPUT = 1;
    public static final int NODE_OUTPUT = 2;
    public static final int NODE_OP_TYPE = 4;
    public static final int TENSOR_DIMS = 1;
    public static final int TENSOR_DATA_TYPE = 2;
    public static final int TENSOR_NAME = 8;
    public static final int TENSOR_RAW_DATA = 9;
    public static final int VALUE_INFO_NAME = 1;
    public static final int VALUE_INFO_TYPE = 2;
    public static final int TYPE_TENSOR = 1;
    public static final int TENSOR_TYPE_ELEM = 1;
    public static final int TENSOR_TYPE_SHAPE = 2;
    public static final int SHAPE_DIM = 1;
    public static final int DIM_VALUE = 1;
    public static final int DIM_PARAM = 2;
    /** TensorProto.DataType FLOAT. */
    public static final int FLOAT = 1;

    private OnnxFields() {
    }
}
