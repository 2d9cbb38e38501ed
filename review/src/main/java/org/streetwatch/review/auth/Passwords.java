package org.streetwatch.review.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 password hashes, stored as {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (base64) so that the work
 * factor can be raised later without invalidating stored hashes.
 */
public final class Passwords {

    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; about 0.3 s per check on one core of a 2-core server. */
    static final int ITERATIONS = 600_000;
    static final String PREFIX = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Checked against when the user does not exist, so that a wrong name costs as long as a wrong password. */
    private static final String DUMMY = hash("not a password".toCharArray(), ITERATIONS);

    private Passwords() {
    }

    public static String hash(char[] password) {
        return hash(password, ITERATIONS);
    }

    static String hash(char[] password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(derive(password, salt, iterations));
    }

    /** Whether {@code password} matches {@code stored}; a null {@code stored} (no such user) never matches. */
    public static boolean matches(char[] password, String stored) {
        String[] p = (stored == null ? DUMMY : stored).split("\\$");
        if (p.length != 4 || !p[0].equals(PREFIX)) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(p[2]);
        byte[] expected = Base64.getDecoder().decode(p[3]);
        boolean same = MessageDigest.isEqual(derive(password, salt, Integer.parseInt(p[1])), expected);
        return stored != null && same;
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}
