package org.streetwatch.review.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.streetwatch.evidence.store.EvidenceFolder;
import org.streetwatch.evidence.store.StoreException;

/**
 * Sessions of the review page, in memory: a restart logs everyone out, which costs a reviewer one login. Each request
 * re-reads the user, so that removing a user, changing their role, districts or password ({@code streetwatch users}, possibly on
 * another machine) takes effect at their next click.
 */
public final class Sessions {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** More sessions than this: the stalest is ended (a flood of logins cannot exhaust memory). */
    private static final int MAX_SESSIONS = 10_000;

    private final Users users;
    private final long idleMs;
    private final long maxMs;
    private final Map<String, Session> byTokenHash = new ConcurrentHashMap<>();

    /**
     * @param idleMs a session unused this long ends
     * @param maxMs  a session ends this long after login, used or not
     */
    public Sessions(Users users, long idleMs, long maxMs) {
        this.users = users;
        this.idleMs = idleMs;
        this.maxMs = maxMs;
    }

    /** A new session for a user whose password was just checked; returns its cookie token. */
    public String open(User u) {
        long now = System.currentTimeMillis();
        if (byTokenHash.size() >= MAX_SESSIONS) {
            expire(now);
            byTokenHash.entrySet().stream().min(Map.Entry.comparingByValue(
                            java.util.Comparator.comparingLong(Session::lastSeen)))
                    .ifPresent(e -> byTokenHash.remove(e.getKey()));
        }
        String token = random();
        byTokenHash.put(hash(token), new Session(u.name(), u.role(), random(), u.passwordHash(), now, now,
                u.districts()));
        return token;
    }

    /** The live session of a cookie token, refreshed; empty if unknown, expired or its user changed. */
    public Optional<Session> find(String token) throws StoreException {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        String key = hash(token);
        Session s = byTokenHash.get(key);
        long now = System.currentTimeMillis();
        if (s == null) {
            return Optional.empty();
        }
        if (now - s.lastSeen() > idleMs || now - s.createdAt() > maxMs) {
            byTokenHash.remove(key);
            return Optional.empty();
        }
        Optional<User> u = users.find(s.user());
        if (u.isEmpty() || !u.get().passwordHash().equals(s.passwordHash())) {
            byTokenHash.remove(key);
            return Optional.empty();
        }
        Session fresh = new Session(s.user(), u.get().role(), s.csrf(), s.passwordHash(), s.createdAt(), now,
                u.get().districts());
        byTokenHash.put(key, fresh);
        return Optional.of(fresh);
    }

    public void close(String token) {
        if (token != null) {
            byTokenHash.remove(hash(token));
        }
    }

    private void expire(long now) {
        byTokenHash.values().removeIf(s -> now - s.lastSeen() > idleMs || now - s.createdAt() > maxMs);
    }

    private static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String hash(String token) {
        return EvidenceFolder.sha256(token.getBytes(StandardCharsets.US_ASCII));
    }
}
