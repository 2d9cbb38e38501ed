package org.streetwatch.evidence.integrity;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A change of the config file as the case log records it: subject {@value #SUBJECT}, event {@value #EVENT}, the new
 * file's SHA-256 in the entry's hash field, who made it ({@value #FILE_EDIT} for a hand edit, else the page user) and
 * the detail {@code WHAT; config was OLD_SHA256} — {@code WHAT} is one changed setting
 * ({@code cameras.cam-1.zones.plaza.rules.street_vending.dwell_s: 180 -> 120}) or what the page changed. The old hash
 * lets {@link Verifier} check that the recorded versions follow one another.
 *
 * @param what        the setting and its old and new value, or what else changed
 * @param previous    the SHA-256 of the file before the change
 * @param sha256      the SHA-256 of the file after it
 */
public record ConfigChange(String what, String previous, String sha256) {

    public static final String SUBJECT = "config";
    public static final String EVENT = "config_changed";
    /** The actor of a change made by editing the file. */
    public static final String FILE_EDIT = "file";
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern DETAIL = Pattern.compile("(.+); config was (" + SHA.pattern() + ")", Pattern.DOTALL);

    public CaseLog.Change entry(String actor, long at) {
        return new CaseLog.Change(SUBJECT, EVENT, sha256, actor, what + "; config was " + previous, at);
    }

    /** The change an entry records, or null if its detail or hash is not one (written by hand?). */
    static ConfigChange of(CaseLog.Entry e) {
        Matcher m = e.detail() == null ? null : DETAIL.matcher(e.detail());
        if (m == null || !m.matches() || e.manifestSha256() == null || !SHA.matcher(e.manifestSha256()).matches()) {
            return null;
        }
        return new ConfigChange(m.group(1), m.group(2), e.manifestSha256());
    }
}
