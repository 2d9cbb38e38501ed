package org.streetwatch.review.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one byte range a {@code Range} header asks of a file, inclusive. Parsing never throws: a number too large for
 * a long means "beyond any file" (so {@code bytes=99999999999999999999-} is unsatisfiable, and as an end or a suffix
 * length it means "to the end"), and a header this server does not support (several ranges, other units) asks for
 * the whole file.
 */
record ByteRange(long start, long end) {

    /** Answered 416. */
    static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    /** Longer digit strings than this may not fit a long. */
    private static final int MAX_DIGITS = 18;

    /** The range of a file of {@code length} bytes, {@link #UNSATISFIABLE}, or null for the whole file. */
    static ByteRange of(String header, long length) {
        if (header == null) {
            return null;
        }
        Matcher m = RANGE.matcher(header.trim());
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            return null;
        }
        if (m.group(1).isEmpty()) {
            long suffix = number(m.group(2));
            return suffix == 0 || length == 0 ? UNSATISFIABLE : new ByteRange(Math.max(0, length - suffix), length - 1);
        }
        long start = number(m.group(1));
        long end = m.group(2).isEmpty() ? length - 1 : Math.min(length - 1, number(m.group(2)));
        return start >= length || start > end ? UNSATISFIABLE : new ByteRange(start, end);
    }

    long length() {
        return end - start + 1;
    }

    private static long number(String digits) {
        String d = digits.replaceFirst("^0+(?=\\d)", "");
        return d.length() > MAX_DIGITS ? Long.MAX_VALUE : Long.parseLong(d);
    }
}
