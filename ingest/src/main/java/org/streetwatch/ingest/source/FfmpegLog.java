package org.streetwatch.ingest.source;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.redact.SafeUrl;

/**
 * Routes FFmpeg's own log lines to SLF4J, with credentials removed (FFmpeg prints input URLs verbatim), at warning
 * level and above: per-packet decoder chatter at info level would drown a daemon running hundreds of cameras. A line
 * that the same thread already printed within {@link #REPEAT_MS} (hex numbers, FFmpeg's context addresses, aside) is
 * dropped: a camera's thread that reconnects to a dead camera repeats FFmpeg's connection error every time, which the
 * camera's own log lines already count, and a flood of them must not crowd out another camera's first error. (A thread
 * shared by all cameras, the clip remuxer's, prints an identical line once per window for all of them; FFmpeg's line
 * names no camera anyway.) A corrupt stream can still warn on every packet, so at most {@link #BURST} lines pass per
 * {@link #WINDOW_MS}; the rest are counted and reported in one line when the window ends.
 */
public final class FfmpegLog extends LogCallback {

    private static final Logger LOG = LoggerFactory.getLogger("ffmpeg");
    static final int BURST = 50;
    static final long WINDOW_MS = 10_000;
    static final long REPEAT_MS = 600_000;
    /** Lines remembered for {@link #REPEAT_MS}, the oldest forgotten first beyond this many. */
    static final int REMEMBERED = 10_000;
    /** FFmpeg names each context by its address, which differs at every reconnect. */
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]+");
    private static volatile FfmpegLog installed;

    private final Map<String, Long> printedAt = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED;
        }
    };
    private long windowStartMs;
    private int inWindow;
    private int suppressed;

    FfmpegLog() {
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
        line = SafeUrl.redact(line); // before it is kept as a key, too
        if (!admit(Thread.currentThread().getName(), line, System.currentTimeMillis())) {
            return;
        }
        if (level <= avutil.AV_LOG_ERROR) {
            LOG.error(line);
        } else {
            LOG.warn(line);
        }
    }

    /** True if the line is printed: not a repeat of the thread's within {@link #REPEAT_MS}, and within the burst. */
    boolean admit(String thread, String line, long now) {
        return admitKey(thread + " " + ADDRESS.matcher(line).replaceAll("0x"), now);
    }

    private synchronized boolean admitKey(String key, long now) {
        if (now - windowStartMs >= WINDOW_MS) {
            if (suppressed > 0) {
                LOG.warn("{} further FFmpeg messages suppressed in the last {} s", suppressed, WINDOW_MS / 1000);
            }
            windowStartMs = now;
            inWindow = 0;
            suppressed = 0;
        }
        Long last = printedAt.get(key);
        if (last != null && now - last < REPEAT_MS) {
            return false;
        }
        if (inWindow++ >= BURST) {
            suppressed++;
            return false;
        }
        printedAt.remove(key); // re-inserted last: the map forgets the oldest first
        printedAt.put(key, now);
        return true;
    }

    synchronized int remembered() {
        return printedAt.size();
    }
}
