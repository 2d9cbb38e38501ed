package org.streetwatch.daemon.cli;

/** A command that failed for a reason the operator can read in one line. */
final class CommandFailure extends Exception {

    CommandFailure(String message) {
        super(message);
    }
}
