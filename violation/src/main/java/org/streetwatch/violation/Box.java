package org.streetwatch.violation;

/** An axis-aligned box in source-image pixels: (x1, y1) top-left, (x2, y2) bottom-right. */
public record Box(float x1, float y1, float x2, float y2) {

    public float width() {
        return Math.max(0, x2 - x1);
    }

    public float height() {
        return Math.max(0, y2 - y1);
    }

    public float area() {
        return width() * height();
    }

    public float centerX() {
        return (x1 + x2) / 2;
    }

    public float centerY() {
        return (y1 + y2) / 2;
    }

    /** Where the object stands: the bottom centre. Zones are judged by this point. */
    public float groundX() {
        return centerX();
    }

    public float groundY() {
        return y2;
    }

    public float iou(Box o) {
        float ix = Math.min(x2, o.x2) - Math.max(x1, o.x1);
        float iy = Math.min(y2, o.y2) - Math.max(y1, o.y1);
        if (ix <= 0 || iy <= 0) {
            return 0;
        }
        float inter = ix * iy;
        return inter / (area() + o.area() - inter);
    }

    /** Clipped to an image of {@code w x h}. */
    public Box clip(int w, int h) {
        return new Box(clamp(x1, w), clamp(y1, h), clamp(x2, w), clamp(y2, h));
    }

    public Box scale(double s) {
        return new Box((float) (x1 * s), (float) (y1 * s), (float) (x2 * s), (float) (y2 * s));
    }

    private static float clamp(float v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
