package org.streetwatch.backoff;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential reconnect delay with jitter, capped: doubling from {@code min} up to {@code max}, each delay drawn
 * uniformly from its upper half, so that hundreds of cameras behind one failed switch do not reconnect in lockstep.
 */
public final class Backoff {

    private final long minMs;
    private final long maxMs;
    private int attempt;

    public Backoff(Duration min, Duration max) {
        this.minMs = Math.max(1, min.toMillis());
        this.maxMs = Math.max(minMs, max.toMillis());
    }

    public void reset() {
        attempt = 0;
    }

    /** The next delay in milliseconds; each call doubles the ceiling until {@code max}. */
    public long nextMs() {
        long ceiling = attempt >= 30 ? maxMs : Math.min(maxMs, minMs << attempt);
        attempt++;
        long floor = Math.max(minMs, ceiling / 2);
        return floor >= ceiling ? ceiling : ThreadLocalRandom.current().nextLong(floor, ceiling + 1);
    }

    public int attempts() {
        return attempt;
    }
}
