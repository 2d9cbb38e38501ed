package org.streetwatch.detector.rule;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.streetwatch.violation.Box;

/**
 * Violations people rejected, remembered so that the same stationary object (same camera, rule and zone, the same
 * place, a similar look) does not raise a new case every few minutes. Entries expire. Thread-safe: reviews add,
 * analysis threads ask.
 */
public final class Suppressions {

    /**
     * One rejected violation.
     *
     * @param box        where its objects stood, in normalised picture coordinates
     * @param appearance its {@link Appearance} signature
     */
    public record Entry(String cameraId, String rule, String zoneId, Box box, float[] appearance, long untilWallMs) {
    }

    /**
     * Same place: the rejected group's area lies mostly (this share) inside the new group's — a passer-by stopping
     * beside a rejected stall does not make it new. Same look: the rejected area looks now as it did (signatures at
     * least this similar).
     */
    static final double MIN_INSIDE = 0.7;
    static final double MIN_SIMILARITY = 0.8;

    private final List<Entry> entries = new ArrayList<>();

    public synchronized void add(Entry e) {
        entries.add(e);
    }

    /**
     * True if a rejected violation matches this group as of {@code nowWallMs}.
     *
     * @param box    the group's area, normalised
     * @param lookAt the current colour signature of a normalised area of the picture
     */
    public synchronized boolean suppressed(String cameraId, String rule, String zoneId, Box box,
                                           java.util.function.Function<Box, float[]> lookAt, long nowWallMs) {
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.untilWallMs() <= nowWallMs) {
                it.remove();
                continue;
            }
            if (e.cameraId().equals(cameraId) && e.rule().equals(rule) && e.zoneId().equals(zoneId)
                    && inside(e.box(), box) >= MIN_INSIDE
                    && Appearance.similarity(e.appearance(), lookAt.apply(e.box())) >= MIN_SIMILARITY) {
                return true;
            }
        }
        return false;
    }

    /** The share of {@code a}'s area inside {@code b}. */
    private static double inside(Box a, Box b) {
        float ix = Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1());
        float iy = Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1());
        return ix <= 0 || iy <= 0 || a.area() <= 0 ? 0 : ix * iy / a.area();
    }

    public synchronized int size() {
        return entries.size();
    }
}
