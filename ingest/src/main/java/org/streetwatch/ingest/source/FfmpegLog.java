package org.streetwatch.ingest.source;

import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.redact.SafeUrl;

/**
 * Routes FFmpeg's own log lines to SLF4J, with credentials removed (FFmpeg prints input URLs verbatim), at warning
 * level and above: per-packet decoder chatter at info level would drown a daemon running hundreds of cameras. A corrupt
 * stream can still warn on every packet, so at most {@link #BURST} lines pass per {@link #WINDOW_MS}; the rest are
 * counted and reported in one line when the window ends.
 */
public final class FfmpegLog extends LogCallback {

    private static final Logger LOG = LoggerFactory.getLogger("ffmpeg");
    private static final int BURST = 50;
    private static final long WINDOW_MS = 10_000;
    private static volatile FfmpegLog installed;

    private long windowStartMs;
    private int inWindow;
    private int suppressed;

    private FfmpegLog() {
    }

    /** Installs the callback once per JVM; later calls are no-ops. */
    public static synchronized void install() {
        if (installed == null) {
            FfmpegLog cb = new FfmpegLog();
            avutil.av_log_set_level(avutil.AV_LOG_WARNING);
            avutil.setLogCallback(cb);
            installed = cb; // keep a strong reference: the native side calls it for the life of the JVM
        }
    }

    @Override
    public void call(int level, BytePointer msg) {
        String line = msg.getString().strip();
        if (line.isEmpty()) {
            return;
        }
        if (!admit()) {
            return;
        }
        line = SafeUrl.redact(line);
        if (level <= avutil.AV_LOG_ERROR) {
            LOG.error(line);
        } else {
            LOG.warn(line);
        }
    }

    private synchronized boolean admit() {
        long now = System.currentTimeMillis();
        if (now - windowStartMs >= WINDOW_MS) {
            if (suppressed > 0) {
                LOG.warn("{} further FFmpeg messages suppressed in the last {} s", suppressed, WINDOW_MS / 1000);
            }
            windowStartMs = now;
            inWindow = 0;
            suppressed = 0;
        }
        if (inWindow++ < BURST) {
            return true;
        }
        suppressed++;
        return false;
    }
}
