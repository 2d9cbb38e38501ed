package org.streetwatch.ingest.frame;

/**
 * The largest picture analysis wants: a camera picture is scaled down (never up) to fit inside it, keeping its aspect
 * ratio. {@link #FULL} keeps the camera's own size.
 */
public record FrameSize(int maxWidth, int maxHeight) {

    public static final FrameSize FULL = new FrameSize(0, 0);

    /** {width, height} of a {@code w x h} picture fitted into this size. */
    public int[] fit(int w, int h) {
        if (maxWidth <= 0 || maxHeight <= 0) {
            return new int[] {w, h};
        }
        double r = Math.min(1.0, Math.min((double) maxWidth / w, (double) maxHeight / h));
        return new int[] {Math.max(1, (int) Math.round(w * r)), Math.max(1, (int) Math.round(h * r))};
    }
}
