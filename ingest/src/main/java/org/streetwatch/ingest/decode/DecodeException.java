package org.streetwatch.ingest.decode;

/** A stream that no decoder here can handle. */
public final class DecodeException extends Exception {

    public DecodeException(String message) {
        super(message);
    }
}
