package org.streetwatch.review.auth;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Slows password guessing: after {@value #FREE_PER_NAME} failed logins in a row for a user name, or
 * {@value #FREE_PER_ADDRESS} from one address, further attempts are refused for a lock that doubles with each failure,
 * from 30 s up to 15 min. A success clears the name. Both keys count so that one address cannot try many names, nor
 * many addresses one name, unhindered; an address gets more room because a whole command centre may share one.
 */
public final class LoginThrottle {

    static final int FREE_PER_NAME = 5;
    static final int FREE_PER_ADDRESS = 20;
    private static final long FIRST_LOCK_MS = 30_000;
    private static final long MAX_LOCK_MS = 15 * 60_000;
    private static final int MAX_KEYS = 10_000;

    private record Failures(int count, long lockedUntil) {
    }

    /** Least recently failed first; bounded so that a flood of names cannot exhaust memory. */
    private final Map<String, Failures> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_KEYS;
        }
    };

    /**
     * Admits one login attempt: 0 if it may go ahead, counted at once as a failure of its name and address (so that
     * parallel attempts cannot all pass the check before any fails); otherwise the milliseconds until one may.
     */
    public synchronized long attempt(String user, String address, long now) {
        long wait = Math.max(left(key("u", user), now), left(key("a", address), now));
        if (wait == 0) {
            fail(key("u", user), now, FREE_PER_NAME);
            fail(key("a", address), now, FREE_PER_ADDRESS);
        }
        return wait;
    }

    /** The admitted attempt was right: its name starts afresh, and its address gets the attempt back. */
    public synchronized void succeeded(String user, String address) {
        failures.remove(key("u", user));
        String a = key("a", address);
        Failures f = failures.get(a);
        if (f != null) {
            int n = f.count() - 1;
            failures.put(a, new Failures(n, n < FREE_PER_ADDRESS ? 0 : f.lockedUntil()));
        }
    }

    private long left(String key, long now) {
        Failures f = failures.get(key);
        return f == null ? 0 : Math.max(0, f.lockedUntil() - now);
    }

    private void fail(String key, long now, int free) {
        Failures f = failures.getOrDefault(key, new Failures(0, 0));
        int n = f.count() + 1;
        long lock = n < free ? 0 : Math.min(MAX_LOCK_MS, FIRST_LOCK_MS << Math.min(20, n - free));
        failures.put(key, new Failures(n, lock == 0 ? 0 : now + lock));
    }

    private static String key(String kind, String value) {
        return kind + ":" + (value == null ? "" : value.toLowerCase(Locale.ROOT));
    }
}
