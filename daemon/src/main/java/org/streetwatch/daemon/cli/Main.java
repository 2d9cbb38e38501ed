package org.streetwatch.daemon.cli;

import org.streetwatch.config.ConfigException;
import org.streetwatch.daemon.wiring.StartupException;
import org.streetwatch.detector.model.ModelException;
import picocli.CommandLine;

/**
 * Entry point of the {@code streetwatch} command. Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad
 * configuration. Every failure ends in one line on stderr that says what is wrong; stack traces only with
 * STREETWATCH_DEBUG=1.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new StreetwatchCommand());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            int code = e instanceof ConfigException ? 2 : e instanceof CommandFailure f ? f.exitCode() : 1;
            String msg = e instanceof ConfigException || e instanceof StartupException || e instanceof ModelException
                    || e instanceof java.io.IOException || e instanceof CommandFailure
                    || e instanceof org.streetwatch.evidence.store.StoreException
                    ? e.getMessage() : "internal error: " + e;
            cmd.getErr().println("streetwatch: " + msg);
            if (System.getenv("STREETWATCH_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            return code;
        });
        return cli.execute(args);
    }
}
