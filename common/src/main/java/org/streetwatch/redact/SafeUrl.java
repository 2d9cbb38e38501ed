package org.streetwatch.redact;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from anything that may carry a camera URL: the URL itself, FFmpeg's log lines, exception
 * messages. Every string about a camera that leaves the process (log, metric, API answer, error) passes through here.
 *
 * <p>A password may hold any character, quotes, spaces, {@code /} and {@code @} included, so user-info is not found
 * by a pattern that stops at some character: it is everything between {@code ://} and the last {@code @} before any
 * secret query parameter, whose value runs to the next {@code &name=}. Free text (a
 * log line) cannot be parsed that way, so the passwords of the configured URLs are also {@link #remember remembered}
 * and masked wherever they appear.
 */
public final class SafeUrl {

    private static final String MASK = "***";
    private static final Pattern SCHEME = Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]*://");
    private static final Pattern SECRET_PARAM =
            Pattern.compile("(?i)[?&;](?:password|passwd|pass|pwd|token|auth|key|secret)=");
    private static final Pattern NEXT_PARAM = Pattern.compile("&[A-Za-z0-9_.-]+=");
    /** Shorter secrets are masked only where they stand in a URL: masking every "ab" of every line helps no one. */
    private static final int MIN_REMEMBERED = 3;
    /** The passwords of the configured URLs: few, and kept for the life of the process like the config itself. */
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    private SafeUrl() {
    }

    /** One URL (or a path typed where a URL was expected) with its user-info and secret parameters masked. */
    public static String redactUrl(String url) {
        return url == null ? null : mask(url, spans(url, false));
    }

    /** Free text that may quote URLs: remembered secrets masked, then every URL in it as {@link #redactUrl}. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String s = text;
        for (String secret : SECRETS) {
            s = s.replace(secret, MASK);
        }
        return mask(s, spans(s, true));
    }

    /**
     * Remembers the secrets of a configured URL (the password, secret parameter values, raw and percent-decoded), so
     * that {@link #redact} masks them even where no URL surrounds them.
     */
    public static void remember(String url) {
        if (url == null) {
            return;
        }
        for (int[] span : spans(url, false)) {
            String value = url.substring(span[0], span[1]);
            boolean userInfo = span[0] == 0 || url.charAt(span[0] - 1) != '=';
            int colon = value.indexOf(':');
            if (userInfo && colon < 0) {
                continue; // a user name alone is no secret
            }
            String secret = userInfo ? value.substring(colon + 1) : value;
            add(secret);
            try {
                add(URLDecoder.decode(secret.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // not percent-encoded: the raw form is remembered
            }
        }
    }

    private static void add(String secret) {
        if (secret.length() >= MIN_REMEMBERED && !secret.equals(MASK)) {
            SECRETS.add(secret);
        }
    }

    /**
     * Where the secrets are, as [start, end) ranges. In free text a URL ends at the end of its line or where the next
     * URL begins, and a parameter value also at white space; a URL alone ends at its end.
     */
    private static List<int[]> spans(String s, boolean freeText) {
        List<int[]> out = new ArrayList<>();
        Matcher scheme = SCHEME.matcher(s);
        List<int[]> urls = new ArrayList<>();
        while (scheme.find()) {
            urls.add(new int[] {scheme.start(), scheme.end()});
        }
        if (urls.isEmpty()) {
            bareUserInfo(s, freeText, out);
        }
        for (int i = 0; i < urls.size(); i++) {
            int from = urls.get(i)[1];
            int to = i + 1 < urls.size() ? urls.get(i + 1)[0] : s.length();
            if (freeText) {
                int nl = s.indexOf('\n', from);
                to = nl >= 0 && nl < to ? nl : to;
            }
            Matcher p = SECRET_PARAM.matcher(s).region(from, to);
            int userInfoEnd = to;
            while (p.find()) {
                userInfoEnd = Math.min(userInfoEnd, p.start());
                out.add(new int[] {p.end(), valueEnd(s, p.end(), to, freeText)});
            }
            int at = s.lastIndexOf('@', userInfoEnd - 1);
            if (at >= from) {
                out.add(new int[] {from, at});
            }
        }
        return out;
    }

    private static int valueEnd(String s, int from, int to, boolean freeText) {
        if (freeText && s.startsWith(MASK, from)) {
            return from + MASK.length(); // masked already, and what follows ("***: refused") is not its value
        }
        Matcher next = NEXT_PARAM.matcher(s).region(from, to);
        int end = next.find() ? next.start() : to;
        if (freeText) {
            for (int i = from; i < end; i++) {
                if (Character.isWhitespace(s.charAt(i))) {
                    return i;
                }
            }
        }
        return end;
    }

    /**
     * {@code user:password@host} without a scheme (a URL mistyped into a path): from the start of the path segment
     * holding the first {@code :} up to the last {@code @}; in free text, within one white-space separated word.
     */
    private static void bareUserInfo(String s, boolean freeText, List<int[]> out) {
        if (freeText) {
            Matcher word = Pattern.compile("\\S+").matcher(s);
            while (word.find()) {
                for (int[] span : bareSpans(word.group())) {
                    out.add(new int[] {word.start() + span[0], word.start() + span[1]});
                }
            }
        } else {
            out.addAll(bareSpans(s));
        }
    }

    private static List<int[]> bareSpans(String s) {
        int at = s.lastIndexOf('@');
        int colon = at < 0 ? -1 : s.indexOf(':');
        if (colon < 0 || colon > at) {
            return List.of();
        }
        return List.of(new int[] {s.lastIndexOf('/', colon) + 1, at});
    }

    /** Replaces each union of overlapping spans by one mask. */
    private static String mask(String s, List<int[]> spans) {
        if (spans.isEmpty()) {
            return s;
        }
        spans.sort((a, b) -> Integer.compare(a[0], b[0]));
        StringBuilder out = new StringBuilder(s.length());
        int pos = 0;
        int i = 0;
        while (i < spans.size()) {
            int start = spans.get(i)[0];
            int end = spans.get(i)[1];
            for (i++; i < spans.size() && spans.get(i)[0] <= end; i++) {
                end = Math.max(end, spans.get(i)[1]);
            }
            out.append(s, pos, start).append(MASK);
            pos = end;
        }
        return out.append(s, pos, s.length()).toString();
    }

    public static boolean isFile(String url) {
        return !url.contains("://") || url.regionMatches(true, 0, "file:", 0, 5);
    }

    /** The local path of a file URL or plain path. */
    public static String filePath(String url) {
        return url.regionMatches(true, 0, "file:", 0, 5) ? url.replaceFirst("(?i)^file:(//)?", "") : url;
    }
}
