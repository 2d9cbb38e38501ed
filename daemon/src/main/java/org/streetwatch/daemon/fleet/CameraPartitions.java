package org.streetwatch.daemon.fleet;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * A camera's partition of the fleet topic: murmur2 of its id (Kafka's own key hash), the same in every JVM and on
 * every node, so all nodes agree on who runs a camera without talking about cameras at all.
 */
public final class CameraPartitions {

    private CameraPartitions() {
    }

    public static int of(String cameraId, int partitions) {
        return Utils.toPositive(Utils.murmur2(cameraId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Cameras per partition: the weights the assignor balances. */
    public static int[] weights(Iterable<String> cameraIds, int partitions) {
        int[] w = new int[partitions];
        for (String id : cameraIds) {
            w[of(id, partitions)]++;
        }
        return w;
    }
}
