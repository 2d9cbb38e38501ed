package org.streetwatch.detector.model;

/** A model that cannot be used: missing weights, a wrong checksum, a descriptor that does not match the network. */
public final class ModelException extends Exception {

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
