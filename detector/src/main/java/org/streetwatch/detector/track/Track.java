package org.streetwatch.detector.track;

import org.streetwatch.violation.Box;

/**
 * One object followed across a camera's analysed frames. Mutable, owned by its camera's {@link Tracker}, read by that
 * camera's rules on the same thread.
 *
 * <p>A track is stationary when its ground point (bottom centre) has stayed within a fraction of its height of where it
 * settled: {@link #stationarySinceUs()} is when it settled, so rules measure dwell from there.
 */
public final class Track {

    private static final int ANCHOR_SAMPLES = 3;

    private final long id;
    private final String kind;
    private final String label;
    private Box box;
    private float score;
    private final long firstSeenUs;
    private long lastSeenUs;
    private int hits;
    private int missed;
    private double vx;
    private double vy;
    private double anchorX;
    private double anchorY;
    private int anchorN;
    private long stationarySinceUs;

    Track(long id, String kind, String label, Box box, float score, long nowUs) {
        this.id = id;
        this.kind = kind;
        this.label = label;
        this.box = box;
        this.score = score;
        this.firstSeenUs = nowUs;
        this.lastSeenUs = nowUs;
        this.hits = 1;
        settle(nowUs);
    }

    /** Where the track is expected at {@code nowUs}: its last box moved by its velocity. */
    Box predict(long nowUs) {
        double dt = (nowUs - lastSeenUs) / 1e6;
        if (dt <= 0 || (vx == 0 && vy == 0)) {
            return box;
        }
        float dx = (float) (vx * dt);
        float dy = (float) (vy * dt);
        return new Box(box.x1() + dx, box.y1() + dy, box.x2() + dx, box.y2() + dy);
    }

    void update(Box b, float s, long nowUs, double driftFraction) {
        double dt = (nowUs - lastSeenUs) / 1e6;
        if (dt > 0) {
            double nvx = (b.groundX() - box.groundX()) / dt;
            double nvy = (b.groundY() - box.groundY()) / dt;
            vx = hits > 1 ? 0.5 * vx + 0.5 * nvx : nvx; // smoothed: one jittery box must not fling the prediction
            vy = hits > 1 ? 0.5 * vy + 0.5 * nvy : nvy;
        }
        box = b;
        score = s;
        lastSeenUs = nowUs;
        hits++;
        missed = 0;
        double radius = driftFraction * Math.max(b.height(), 1);
        double dx = b.groundX() - anchorX;
        double dy = b.groundY() - anchorY;
        if (dx * dx + dy * dy <= radius * radius) {
            // still where it settled: the clock keeps running. The anchor averages only the first few positions
            // (box jitter); after that it stays put, so a slow walker drifts out of the radius instead of dragging
            // a running mean along.
            if (anchorN < ANCHOR_SAMPLES) {
                anchorN++;
                anchorX += dx / anchorN;
                anchorY += dy / anchorN;
            }
        } else {
            settle(nowUs);
        }
    }

    private void settle(long nowUs) {
        anchorX = box.groundX();
        anchorY = box.groundY();
        anchorN = 1;
        stationarySinceUs = nowUs;
    }

    void miss() {
        missed++;
    }

    public long id() {
        return id;
    }

    public String kind() {
        return kind;
    }

    public String label() {
        return label;
    }

    public Box box() {
        return box;
    }

    public float score() {
        return score;
    }

    public long firstSeenUs() {
        return firstSeenUs;
    }

    public long lastSeenUs() {
        return lastSeenUs;
    }

    public int hits() {
        return hits;
    }

    /** True if a detection matched the track in the latest frame. */
    public boolean seen() {
        return missed == 0;
    }

    /** Consecutive frames without a matching detection. */
    public int missed() {
        return missed;
    }

    /** When the track settled where it is now. */
    public long stationarySinceUs() {
        return stationarySinceUs;
    }

    /** True if it has not moved for at least {@code minUs} of camera time as of {@code nowUs}. */
    public boolean stationary(long nowUs, long minUs) {
        return hits >= 2 && nowUs - stationarySinceUs >= minUs;
    }

    /** The settled ground point (mean of the positions since it settled). */
    public double anchorX() {
        return anchorX;
    }

    public double anchorY() {
        return anchorY;
    }

    @Override
    public String toString() {
        return kind + "#" + id;
    }
}
