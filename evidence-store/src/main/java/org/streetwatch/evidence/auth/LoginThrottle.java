package org.streetwatch.evidence.auth;

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

    /** Milliseconds until the next attempt for this name from this address is allowed; 0 if now. */
    public synchronized long waitMs(String user, String address, long now) {
        return Math.max(left(key("u", user), now), left(key("a", address), now));
    }

    public synchronized void failed(String user, String address, long now) {
        fail(key("u", user), now, FREE_PER_NAME);
        fail(key("a", address), now, FREE_PER_ADDRESS);
    }

    public synchronized void succeeded(String user) {
        failures.remove(key("u", user));
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
