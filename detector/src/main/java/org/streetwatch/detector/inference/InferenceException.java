package org.streetwatch.detector.inference;

/** ONNX Runtime failed on a run (not at load time: that is a {@code ModelException}). */
public final class InferenceException extends Exception {

    public InferenceException(String message) {
        super(message);
    }
}
