package org.streetwatch.daemon.wiring;

/** The daemon cannot start; the message is one line for the operator. */
public final class StartupException extends Exception {

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
