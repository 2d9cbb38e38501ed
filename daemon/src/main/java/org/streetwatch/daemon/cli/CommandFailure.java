package org.streetwatch.daemon.cli;

/** A command that failed for a reason the operator can read in one line. */
final class CommandFailure extends Exception {

    private final int exitCode;

    /** A failure while doing the work: exit 1. */
    CommandFailure(String message) {
        this(message, 1);
    }

    private CommandFailure(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** The command was given something it cannot use (a bad role, a short password): exit 2, as picocli's own. */
    static CommandFailure usage(String message) {
        return new CommandFailure(message, 2);
    }

    int exitCode() {
        return exitCode;
    }
}
