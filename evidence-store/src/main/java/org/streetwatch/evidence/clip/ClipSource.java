package org.streetwatch.evidence.clip;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Cuts a clip of a camera's compressed video without re-encoding it. Implemented over the cameras' packet rings by
 * the daemon; the evidence store only says which camera, which interval and where.
 */
public interface ClipSource {

    /**
     * @param startUs    camera time the clip should start (it starts at the keyframe before)
     * @param endUs      camera time the clip should end; may lie in the future (post-roll): the future completes
     *                   when that video has arrived, or with what there is if the stream ends first
     * @param dir        where to write
     * @param baseName   file name without extension; the extension follows the container
     */
    CompletableFuture<Clip> clip(String cameraId, long startUs, long endUs, Path dir, String baseName);

    /** A clip written: its file, and the camera-time interval it covers. */
    record Clip(Path file, String container, long startUs, long endUs, boolean truncated) {
    }
}
