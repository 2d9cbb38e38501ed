package org.streetwatch.backoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesWithJitterUpToTheCapAndResets() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(8));
        long[] ceilings = {500, 1000, 2000, 4000, 8000, 8000, 8000};
        for (long ceiling : ceilings) {
            long d = b.nextMs();
            assertThat(d).isBetween(Math.max(500, ceiling / 2), ceiling);
        }
        b.reset();
        assertThat(b.nextMs()).isEqualTo(500L);
    }
}
