package org.streetwatch.daemon.cli;

import org.streetwatch.daemon.wiring.Release;
import picocli.CommandLine.Command;

@Command(name = "streetwatch", mixinStandardHelpOptions = true, version = "streetwatch " + Release.VERSION,
        description = "Watches street cameras and turns street violations into evidence cases that people confirm.",
        subcommands = {RunCommand.class, CasesCommand.class, DemoCommand.class, DetectCommand.class,
                EvalCommand.class, ExplainCommand.class, VerifyCommand.class, KeysCommand.class, FleetCommand.class,
                UsersCommand.class, ConfigCommand.class, TuneCommand.class})
final class StreetwatchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
