package org.streetwatch.violation;

import java.util.List;

/**
 * One evidence picture: the camera's full-resolution frame as a JPEG, untouched, plus what to draw on it (the objects'
 * boxes, the zone). The evidence store writes both the clean picture and an annotated copy; keeping the overlay apart
 * keeps the clean one exactly what the camera saw.
 *
 * @param jpeg   the frame, JPEG-encoded, never annotated
 * @param marks  boxes to draw, in the picture's pixels
 * @param zone   the zone polygon in normalised coordinates, or empty
 */
public record Still(long ptsUs, long wallMs, int width, int height, byte[] jpeg, List<Mark> marks, List<double[]> zone,
                    String zoneLabel) {

    /** A box to draw and its caption ("person #12 0.87"). */
    public record Mark(Box box, String caption) {
    }
}
