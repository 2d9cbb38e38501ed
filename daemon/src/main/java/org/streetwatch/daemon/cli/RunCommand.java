package org.streetwatch.daemon.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.daemon.wiring.Daemon;
import org.streetwatch.evidence.store.CaseQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true, description = {
        "Runs the daemon: reads the cameras, analyses them, records cases, serves the review page, API and metrics.",
        "With --until-eof every camera is read once: local files at full speed (recorded footage reviewed after the",
        "fact), network streams such as an NVR's playback URL until they end. The command exits 0 when all have",
        "ended and their cases are written, and non-zero with one line if a camera cannot be read."})
final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The streetwatch.yaml to run")
    Path config;

    @Option(names = "--until-eof", description = "Read every camera once (files at full speed), then exit")
    boolean untilEof;

    @Override
    public Integer call() throws Exception {
        StreetwatchConfig cfg = ConfigLoader.load(config);
        Daemon daemon = Daemon.start(cfg, untilEof);
        if (untilEof) {
            try {
                daemon.awaitFilesDone(Duration.ofDays(7));
                int cases = daemon.store().count(CaseQuery.all());
                System.out.println("cases: " + cases + " evidence: " + cfg.evidenceDir());
            } finally {
                daemon.close();
            }
            return 0;
        }
        runUntilStopped(daemon);
        return 0;
    }

    /** Serves until SIGTERM or Ctrl-C, then stops everything in order. */
    static void runUntilStopped(Daemon daemon) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stopped.await();
    }
}
