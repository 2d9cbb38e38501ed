package org.streetwatch.detector.decode;

import java.util.Arrays;

/**
 * Raw boxes from one picture before NMS, as parallel primitive arrays: a network proposes thousands of anchors and
 * allocating an object per survivor of the score threshold would be most of the decode's cost. Reused per picture.
 */
public final class Candidates {

    private int size;
    private int[] cls = new int[64];
    private float[] score = new float[64];
    private float[] box = new float[256];
    private Integer[] order = new Integer[64];

    public void clear() {
        size = 0;
    }

    public int size() {
        return size;
    }

    public void add(int classId, float s, float x1, float y1, float x2, float y2) {
        if (size == cls.length) {
            int n = size * 2;
            cls = Arrays.copyOf(cls, n);
            score = Arrays.copyOf(score, n);
            box = Arrays.copyOf(box, n * 4);
            order = Arrays.copyOf(order, n);
        }
        cls[size] = classId;
        score[size] = s;
        box[size * 4] = x1;
        box[size * 4 + 1] = y1;
        box[size * 4 + 2] = x2;
        box[size * 4 + 3] = y2;
        size++;
    }

    public int classId(int i) {
        return cls[i];
    }

    public float score(int i) {
        return score[i];
    }

    public float x1(int i) {
        return box[i * 4];
    }

    public float y1(int i) {
        return box[i * 4 + 1];
    }

    public float x2(int i) {
        return box[i * 4 + 2];
    }

    public float y2(int i) {
        return box[i * 4 + 3];
    }

    /**
     * Greedy non-maximum suppression: best score first, dropping any later box that overlaps a kept one by more than
     * {@code iou} (only within its class unless {@code agnostic}). Returns the kept indices, best first.
     */
    public int[] nms(float iou, boolean agnostic) {
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, 0, size, (a, b) -> Float.compare(score[b], score[a]));
        boolean[] dead = new boolean[size];
        int[] kept = new int[size];
        int n = 0;
        for (int oi = 0; oi < size; oi++) {
            int i = order[oi];
            if (dead[i]) {
                continue;
            }
            kept[n++] = i;
            for (int oj = oi + 1; oj < size; oj++) {
                int j = order[oj];
                if (!dead[j] && (agnostic || cls[j] == cls[i]) && overlap(i, j) > iou) {
                    dead[j] = true;
                }
            }
        }
        return Arrays.copyOf(kept, n);
    }

    private float overlap(int a, int b) {
        float ix = Math.min(x2(a), x2(b)) - Math.max(x1(a), x1(b));
        float iy = Math.min(y2(a), y2(b)) - Math.max(y1(a), y1(b));
        if (ix <= 0 || iy <= 0) {
            return 0;
        }
        float inter = ix * iy;
        float areaA = (x2(a) - x1(a)) * (y2(a) - y1(a));
        float areaB = (x2(b) - x1(b)) * (y2(b) - y1(b));
        return inter / (areaA + areaB - inter);
    }
}
