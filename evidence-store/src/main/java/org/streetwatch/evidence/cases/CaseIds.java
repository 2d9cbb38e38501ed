package org.streetwatch.evidence.cases;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Case ids that sort by time and read like one: {@code 20261127-135930-123-a1b2c3} (UTC of confirmation, then 24
 * random bits so two cases confirmed in the same millisecond differ).
 */
public final class CaseIds {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private CaseIds() {
    }

    public static String next(long wallMs) {
        return FORMAT.format(Instant.ofEpochMilli(wallMs)) + "-" + String.format("%06x", RANDOM.nextInt(1 << 24));
    }

    /** True for a string shaped like a case id: safe to use as a folder name. */
    public static boolean valid(String id) {
        return id != null && id.matches("\\d{8}-\\d{6}-\\d{3}-[0-9a-f]{6}");
    }
}
