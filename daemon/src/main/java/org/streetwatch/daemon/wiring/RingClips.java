package org.streetwatch.daemon.wiring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.streetwatch.evidence.clip.ClipSource;
import org.streetwatch.ingest.camera.CameraFleet;
import org.streetwatch.ingest.camera.CameraSession;
import org.streetwatch.ingest.clip.Remuxer;
import org.streetwatch.ingest.packet.PacketRing;

/**
 * The evidence store's clips, cut from the cameras' packet rings: the ring completes the slice when the post-roll has
 * arrived (on the camera thread), and the remux then runs on {@code remuxers}, never on the camera thread.
 */
final class RingClips implements ClipSource {

    private final CameraFleet fleet;
    private final Executor remuxers;

    RingClips(CameraFleet fleet, Executor remuxers) {
        this.fleet = fleet;
        this.remuxers = remuxers;
    }

    @Override
    public CompletableFuture<Clip> clip(String cameraId, long startUs, long endUs, Path dir, String baseName) {
        CameraSession session = fleet.session(cameraId).orElse(null);
        if (session == null) {
            return CompletableFuture.failedFuture(new IOException("camera " + cameraId + " is no longer running"));
        }
        PacketRing ring = session.clipRing();
        return ring.slice(Math.max(0, startUs), endUs).thenApplyAsync(slice -> {
            try {
                Path file = dir.resolve(baseName + "." + Remuxer.containerFor(slice.stream()));
                Remuxer.Written w = Remuxer.write(slice, file);
                return new Clip(file, w.container(), w.startUs(), w.endUs(),
                        slice.truncated() || w.startUs() > startUs);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, remuxers);
    }
}
