package org.streetwatch.detector.background;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The background pair on plain pictures: a textured pavement, things put on it, light changing over it. */
class StaticChangeTest {

    private static final int W = 96;
    private static final int H = 64;
    private static final long S = 1_000_000;
    private static final StaticChange.Params P = new StaticChange.Params(20 * S, 300 * S, 2 * S, 8, 0.5, 25);

    /** Paving: a smoothed random texture around grey 120, spread about 20. */
    private static float[] pavement(long seed) {
        Random r = new Random(seed);
        float[] raw = new float[W * H];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (float) (r.nextGaussian() * 40);
        }
        float[] out = new float[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                float s = 0;
                int n = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = Math.min(W - 1, Math.max(0, x + dx));
                        int yy = Math.min(H - 1, Math.max(0, y + dy));
                        s += raw[yy * W + xx];
                        n++;
                    }
                }
                out[y * W + x] = 120 + s / n;
            }
        }
        return out;
    }

    /** A rectangle of another texture (a pile of material) over the picture. */
    private static float[] with(float[] picture, float[] thing, int x1, int y1, int x2, int y2) {
        float[] out = picture.clone();
        for (int y = y1; y < y2; y++) {
            for (int x = x1; x < x2; x++) {
                out[y * W + x] = thing[y * W + x] * 0.6f + 20;
            }
        }
        return out;
    }

    private static float[] lit(float[] picture, double gain, double offset) {
        float[] out = new float[picture.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) Math.min(255, Math.max(0, picture[i] * gain + offset));
        }
        return out;
    }

    /** A headlight's pool: up to {@code peak} grey levels brighter around (cx, cy). */
    private static float[] headlight(float[] picture, int cx, int cy, double peak) {
        float[] out = picture.clone();
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                out[y * W + x] = (float) Math.min(255, out[y * W + x] + peak * Math.exp(-d2 / (2 * 20 * 20)));
            }
        }
        return out;
    }

    private static boolean[] whole() {
        boolean[] z = new boolean[W * H];
        Arrays.fill(z, true);
        return z;
    }

    private static byte[] free() {
        return new byte[W * H];
    }

    private static byte[] covered(int x1, int y1, int x2, int y2, byte how) {
        byte[] c = free();
        for (int y = y1; y < y2; y++) {
            for (int x = x1; x < x2; x++) {
                c[y * W + x] = how;
            }
        }
        return c;
    }

    @Test
    void somethingLeftQualifiesAfterItsDwellAndNotBefore() {
        StaticChange m = new StaticChange(W, H, whole());
        float[] ground = pavement(1);
        float[] pile = with(ground, pavement(2), 32, 24, 64, 56);
        for (int t = 0; t < 10; t++) {
            assertThat(m.update(t * S, ground, free(), P).cells()).isNull();
        }
        StaticChange.Found f = null;
        for (int t = 10; t < 30; t++) {
            f = m.update(t * S, pile, free(), P);
            assertThat(f.cells()).as("before the dwell, at %d s", t).isNull();
        }
        f = m.update(30 * S, pile, free(), P);
        assertThat(f.cells()).isNotNull();
        assertThat(f.share()).isGreaterThan(0.12);
        assertThat(f.structural()).isGreaterThan(0.5);
        assertThat(f.onsetUs()).isEqualTo(10 * S);
        assertThat(f.bounds()).containsExactly(32, 24, 64, 56);
    }

    @Test
    void cloudsAndDuskDoNotQualify() {
        StaticChange m = new StaticChange(W, H, whole());
        float[] ground = pavement(3);
        for (int t = 0; t <= 200; t++) {
            // a cloud halves the light in 3 s, then dusk takes it further down, with sensor noise
            double gain = t < 10 ? 1 : t < 13 ? 1 - (t - 10) * 0.5 / 3 : Math.max(0.2, 0.5 - (t - 13) * 0.002);
            float[] noisy = lit(ground, gain, 0);
            Random r = new Random(t);
            for (int i = 0; i < noisy.length; i++) {
                noisy[i] += (float) (r.nextGaussian() * 3);
            }
            assertThat(m.update(t * S, noisy, free(), P).cells()).as("at %d s", t).isNull();
        }
    }

    @Test
    void aHeadlightStandingOnTheZoneDoesNotQualify() {
        StaticChange m = new StaticChange(W, H, whole());
        float[] ground = lit(pavement(4), 0.3, 0); // night
        for (int t = 0; t < 10; t++) {
            m.update(t * S, ground, free(), P);
        }
        for (int t = 10; t < 100; t++) {
            // a car waiting with its lights on, just outside the zone: its pool of light lies on the zone
            StaticChange.Found f = m.update(t * S, headlight(ground, 48, 70, 90), free(), P);
            assertThat(f.cells() == null || f.structural() < 0.25).as("at %d s", t).isTrue();
        }
    }

    @Test
    void aPersonStandingStillNeverQualifies() {
        StaticChange m = new StaticChange(W, H, whole());
        float[] ground = pavement(5);
        for (int t = 0; t < 10; t++) {
            m.update(t * S, ground, free(), P);
        }
        float[] person = with(ground, pavement(6), 40, 8, 56, 60);
        for (int t = 10; t < 200; t++) {
            // the detector misses them now and then: a few frames without a box must not add up to an object
            byte[] cover = t % 7 == 0 ? free() : covered(36, 4, 60, 64, StaticChange.STILL);
            assertThat(m.update(t * S, person, cover, P).cells()).as("at %d s", t).isNull();
        }
    }

    @Test
    void someonePassingInFrontPausesTheClockWithoutResettingIt() {
        StaticChange m = new StaticChange(W, H, whole());
        float[] ground = pavement(7);
        float[] pile = with(ground, pavement(8), 8, 8, 40, 40);
        for (int t = 0; t < 10; t++) {
            m.update(t * S, ground, free(), P);
        }
        for (int t = 10; t < 25; t++) {
            m.update(t * S, pile, free(), P);
        }
        for (int t = 25; t < 28; t++) {
            m.update(t * S, pile, covered(0, 0, 48, 64, StaticChange.PASSING), P);
        }
        assertThat(m.update(31 * S, pile, free(), P).onsetUs()).isEqualTo(10 * S);
    }

    @Test
    void aHeldObjectIsNotLearntAway() {
        StaticChange.Params fastLearning = new StaticChange.Params(5 * S, 10 * S, 2 * S, 8, 0.5, 25);
        StaticChange m = new StaticChange(W, H, whole());
        float[] ground = pavement(9);
        float[] pile = with(ground, pavement(10), 32, 24, 64, 56);
        for (int t = 0; t < 10; t++) {
            m.update(t * S, ground, free(), fastLearning);
        }
        StaticChange.Found f = null;
        for (int t = 10; t <= 16; t++) {
            f = m.update(t * S, pile, free(), fastLearning);
        }
        assertThat(f.cells()).isNotNull();
        m.hold(f.cells());
        for (int t = 17; t < 200; t++) {
            f = m.update(t * S, pile, free(), fastLearning);
        }
        assertThat(f.cells()).as("still there after 20 learning time constants").isNotNull();
    }

    @Test
    void someoneInTheFirstPictureLeavesNoGhost() {
        StaticChange m = new StaticChange(W, H, whole());
        float[] ground = pavement(11);
        m.update(0, with(ground, pavement(12), 40, 8, 56, 60), free(), P);
        for (int t = 1; t < 200; t++) {
            assertThat(m.update(t * S, ground, free(), P).cells()).as("at %d s", t).isNull();
        }
    }
}
