package org.streetwatch.ingest.source;

import java.util.regex.Pattern;

/**
 * Removes credentials from anything that may carry a camera URL: the URL itself, FFmpeg's log lines, exception
 * messages. Every string about a camera that leaves the process (log, metric, API answer, error) passes through here.
 */
public final class SafeUrl {

    private static final Pattern USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s'\"]+@");
    /** user:password@ without a scheme in front (a mistyped URL read as a path). */
    private static final Pattern BARE_USERINFO = Pattern.compile("[^\\s/@:'\"]+:[^\\s/@'\"]+@");
    private static final Pattern QUERY_SECRET =
            Pattern.compile("(?i)([?&](?:password|passwd|pwd|token|auth|key|secret)=)[^&\\s'\"]*");

    private SafeUrl() {
    }

    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String s = USERINFO.matcher(text).replaceAll("$1***@");
        s = BARE_USERINFO.matcher(s).replaceAll("***@");
        return QUERY_SECRET.matcher(s).replaceAll("$1***");
    }

    public static boolean isFile(String url) {
        return !url.contains("://") || url.regionMatches(true, 0, "file:", 0, 5);
    }

    /** The local path of a file URL or plain path. */
    public static String filePath(String url) {
        return url.regionMatches(true, 0, "file:", 0, 5) ? url.replaceFirst("(?i)^file:(//)?", "") : url;
    }
}
