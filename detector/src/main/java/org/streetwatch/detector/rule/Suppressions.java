package org.streetwatch.detector.rule;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.streetwatch.detector.Box;

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

    /** Same place: the groups' boxes overlap at least this much. Same look: signatures at least this similar. */
    static final double MIN_IOU = 0.3;
    static final double MIN_SIMILARITY = 0.8;

    private final List<Entry> entries = new ArrayList<>();

    public synchronized void add(Entry e) {
        entries.add(e);
    }

    /** True if a rejected violation matches this group as of {@code nowWallMs}. */
    public synchronized boolean suppressed(String cameraId, String rule, String zoneId, Box box, float[] appearance,
                                           long nowWallMs) {
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.untilWallMs() <= nowWallMs) {
                it.remove();
                continue;
            }
            if (e.cameraId().equals(cameraId) && e.rule().equals(rule) && e.zoneId().equals(zoneId)
                    && e.box().iou(box) >= MIN_IOU && Appearance.similarity(e.appearance(), appearance) >= MIN_SIMILARITY) {
                return true;
            }
        }
        return false;
    }

    public synchronized int size() {
        return entries.size();
    }
}
