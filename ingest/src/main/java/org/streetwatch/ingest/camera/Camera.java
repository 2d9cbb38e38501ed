package org.streetwatch.ingest.camera;

import java.time.Duration;
import java.util.Objects;
import org.streetwatch.ingest.frame.FrameSize;
import org.streetwatch.redact.SafeUrl;

/**
 * One camera as ingest sees it: where to read, how often to sample, how much video to keep.
 *
 * @param url           the stream analysed ({@code rtsp://...} or a local file); may carry credentials
 * @param recordUrl     the stream recorded for evidence clips (a camera's main stream), or null to clip {@code url}
 * @param mode          how the source is read
 * @param frameSize     the size analysis wants pictures in
 * @param fileStartWallMs for a file, the wall-clock time of its first frame; 0: the time it is opened
 */
public record Camera(String id, String url, String recordUrl, Mode mode, Duration sampleInterval, Duration ringWindow,
                     long ringMaxBytes, Duration stallTimeout, Duration backoffMin, Duration backoffMax,
                     FrameSize frameSize, long fileStartWallMs) {

    /** How a source is read. */
    public enum Mode {
        /** A camera: reconnect forever, drop frames rather than fall behind. */
        LIVE,
        /**
         * Read once: a file at full speed, a network stream (an NVR's playback URL) until it ends. No reconnects; a
         * source that cannot be opened fails the session.
         */
        ONCE,
        /** A recorded file played in real time, over and over: a simulated camera. */
        FILE_LOOP;

        public boolean live() {
            return this != ONCE;
        }
    }

    public Camera {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(mode, "mode");
    }

    /**
     * The mode a URL implies: with {@code untilEof} every source is read once (files at full speed); otherwise a
     * camera is live and a file is looped in real time, a simulated camera.
     */
    public static Mode modeFor(String url, boolean untilEof) {
        if (untilEof) {
            return Mode.ONCE;
        }
        return SafeUrl.isFile(url) ? Mode.FILE_LOOP : Mode.LIVE;
    }

    /** The analysed URL with credentials removed. */
    public String safeUrl() {
        return SafeUrl.redactUrl(url);
    }

    @Override
    public String toString() {
        return "Camera[" + id + " " + safeUrl() + " " + mode + "]";
    }
}
