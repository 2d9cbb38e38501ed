package org.streetwatch.evidence.store;

/** The case database or the evidence folder failed. */
public final class StoreException extends Exception {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
