package org.streetwatch.daemon.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.evidence.testing.KafkaBroker;

/**
 * The broker killed under a node: the node keeps its share (its cameras keep running) for longer than the session
 * timeout, and holds the whole share again once the broker is back.
 */
class FleetBrokerLossTest {

    @TempDir
    Path dir;

    @Test
    void aNodeKeepsItsCamerasWhileTheBrokerIsGoneAndRejoinsWhenItIsBack() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"))) {
            List<Set<Integer>> heard = new CopyOnWriteArrayList<>();
            List<String> cameras = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                cameras.add("cam-" + i);
            }
            try (FleetMember m = FleetMember.join(new FleetMember.Options("solo", broker.bootstrap(), "loss", "loss",
                    8, Duration.ofSeconds(6), 1.0, new Properties()), n -> CameraPartitions.weights(cameras, n),
                    (parts, exporter) -> heard.add(parts), new PrometheusRegistry())) {
                m.start();
                awaitWhole(heard);
                Thread.sleep(Duration.ofSeconds(3).toMillis()); // a heartbeat or two answered
                int before = heard.size();

                broker.kill();
                await(() -> !m.connected(), "the node notices the broker is gone");
                Thread.sleep(Duration.ofSeconds(6).toMillis()); // another session timeout
                assertThat(heard.subList(before, heard.size())).as("nothing taken while the broker is gone")
                        .isEmpty();

                broker.start();
                await(m::connected, "the node back in the group");
                // whether or not the group forgot the node meanwhile (then Kafka takes its share and gives it back
                // at once), it ends holding the whole share
                awaitSettled(heard);
            }
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** Waits until the whole share is held and nothing changed for 4 s (a rejoin's revoke and give, if any, done). */
    private static void awaitSettled(List<Set<Integer>> heard) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            int seen = heard.size();
            Thread.sleep(4000);
            if (heard.size() == seen && heard.get(seen - 1).size() == 8) {
                return;
            }
            assertThat(System.nanoTime()).as("the whole share held again; heard " + heard).isLessThan(deadline);
        }
    }

    private static void awaitWhole(List<Set<Integer>> heard) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (heard.isEmpty() || heard.get(heard.size() - 1).size() != 8) {
            assertThat(System.nanoTime()).as("all 8 partitions held; heard " + heard).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
