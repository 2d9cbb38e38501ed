package org.streetwatch.detector.background;

import java.util.ArrayDeque;

/**
 * New things that stay in one zone, from a long-term / short-term background pair on a small grey picture of the
 * zone. The picture is judged in cells of {@link #CELL} pixels, each against both backgrounds, in a way light does not
 * fool: a textured cell changes when its structure changes (normalised cross-correlation, blind to gain and offset),
 * a flat cell when its brightness moves by {@code contrast} beyond the zone's overall gain (clouds, dusk). A cell is
 * <em>static</em> when it differs from the long-term background but matches the short-term one (it stopped changing);
 * it qualifies when it has differed from the long-term background for {@code dwell}.
 *
 * <p>What the detector sees as a person or vehicle is left out: under one that stands still the cell's clock starts
 * again (a still person never becomes an object), under one that passes it is only paused. Plain Java on plain arrays,
 * used on one camera's analysis thread.
 */
public final class StaticChange {

    /** Cell side in pixels of the grey picture. */
    public static final int CELL = 8;

    /**
     * Time constants of the short-term background during which the long-term one is formed: the median of up to
     * {@link #WARM_UP_PICTURES} pictures, each pixel from those where nobody covers it, so that people passing or
     * standing at the start leave no ghost behind.
     */
    private static final int WARM_UP = 5;
    private static final int WARM_UP_PICTURES = 15;

    /** Grey levels added to picture and background before their ratio is taken. */
    private static final double RATIO_OFFSET = 10;
    /** Spread of the ratio (after the cell's slope) beyond which it is rough: a thing, not light. */
    private static final double RATIO_ROUGH = 0.05;

    /** Past looks of the zone kept, one per dwell: a thing is new only if the place never looked like this. */
    private static final int LOOKS = 6;

    private record Sample(long atUs, float[] grey, byte[] cover) {
    }

    /** A past look of the zone, and which of its cells then showed the place itself (nothing new, held or covered). */
    private record Look(long atUs, float[] grey, boolean[] clean) {
    }

    /** What covers a pixel: nothing, something passing, something standing still. */
    public static final byte FREE = 0;
    public static final byte PASSING = 1;
    public static final byte STILL = 2;

    /**
     * @param dwellUs    how long a cell must differ from the long-term background to qualify
     * @param learnUs    time constant of the long-term background (the short-term one follows in {@code settleUs})
     * @param settleUs   time constant of the short-term background: how soon a new thing counts as standing still
     * @param texture    grey-level spread above which a cell is textured (judged by structure, not brightness)
     * @param similarity correlation below which a textured cell's structure has changed
     * @param contrast   grey levels (after the zone's gain) a flat cell must move to count as changed
     */
    public record Params(long dwellUs, long learnUs, long settleUs, double texture, double similarity,
                         double contrast) {
    }

    /** How one cell compares with a background. */
    private enum Change { NONE, BRIGHTNESS, STRUCTURE, BLINDED }

    /** Grey level from which a pixel is taken as saturated by light. */
    private static final double SATURATED = 250;

    private final int width;
    private final int height;
    private final int cols;
    private final int rows;
    private final boolean[] inZone;
    private final int[][] cellIndex;
    private final int[][] zonePixels;
    private final Basis[] bases;
    private final int[] cellPixels;
    private final int zoneCells;
    private final float[] longTerm;
    private final float[] shortTerm;
    private final long[] since;
    private final boolean[] structure;
    private final boolean[] held;
    private final boolean[] known;
    private final java.util.List<Sample> warmUp = new java.util.ArrayList<>();
    private final ArrayDeque<Look> looks = new ArrayDeque<>();
    private boolean learnt;
    private long startUs;
    private long lastUs;

    /**
     * @param inZone per pixel of the {@code width x height} picture, whether it lies inside the zone; a cell counts
     *               when at least half of it does
     */
    public StaticChange(int width, int height, boolean[] inZone) {
        if (inZone.length != width * height) {
            throw new IllegalArgumentException("zone mask is " + inZone.length + " pixels, picture " + width * height);
        }
        this.width = width;
        this.height = height;
        this.cols = Math.max(1, width / CELL);
        this.rows = Math.max(1, height / CELL);
        this.inZone = inZone.clone();
        this.cellIndex = new int[cols * rows][];
        this.cellPixels = new int[cols * rows];
        this.zonePixels = new int[cols * rows][];
        this.bases = new Basis[cols * rows];
        java.util.Map<String, Basis> shared = new java.util.HashMap<>();
        int counted = 0;
        for (int c = 0; c < cellPixels.length; c++) {
            cellIndex[c] = indices(c);
            int n = 0;
            for (int i : cellIndex[c]) {
                n += inZone[i] ? 1 : 0;
            }
            cellPixels[c] = 2 * n >= cellIndex[c].length ? n : 0;
            zonePixels[c] = java.util.Arrays.stream(cellIndex[c]).filter(i -> inZone[i]).toArray();
            bases[c] = basis(c, shared);
            counted += cellPixels[c] > 0 ? 1 : 0;
        }
        this.zoneCells = Math.max(1, counted);
        this.longTerm = new float[width * height];
        this.shortTerm = new float[width * height];
        this.since = new long[cols * rows];
        this.structure = new boolean[cols * rows];
        this.held = new boolean[cols * rows];
        this.known = new boolean[cols * rows];
        java.util.Arrays.fill(since, -1);
    }

    /**
     * Takes the zone's picture at camera time {@code nowUs} and says what new static thing it holds.
     *
     * @param grey  grey levels, row by row
     * @param cover per pixel, {@link #FREE}, {@link #PASSING} or {@link #STILL}
     */
    public Found update(long nowUs, float[] grey, byte[] cover, Params p) {
        if (!learnt) {
            startUs = nowUs;
            learnt = true;
        }
        if (nowUs - startUs < WARM_UP * p.settleUs()) {
            if (warmUp.isEmpty() || nowUs - lastUs >= WARM_UP * p.settleUs() / WARM_UP_PICTURES) {
                warmUp.add(new Sample(nowUs, grey.clone(), cover.clone()));
                lastUs = nowUs;
            }
            return Found.NOTHING;
        }
        if (!warmUp.isEmpty()) {
            formBackground();
            System.arraycopy(grey, 0, shortTerm, 0, grey.length);
        }
        double dt = Math.max(0, nowUs - lastUs);
        lastUs = nowUs;
        double[] ratios = new double[cellPixels.length];
        double gainL = gain(grey, longTerm, cover, ratios);
        double gainS = gain(grey, shortTerm, cover, ratios);
        boolean[] qualified = new boolean[cellPixels.length];
        int running = 0;
        for (int c = 0; c < cellPixels.length; c++) {
            if (cellPixels[c] == 0) {
                continue;
            }
            int covered = covered(c, cover);
            if (covered == STILL) {
                since[c] = -1;
                continue;
            }
            if (covered == PASSING) {
                continue;
            }
            Change vsLong = compare(c, grey, longTerm, gainL, p);
            if (vsLong == Change.BLINDED) {
                continue;
            }
            boolean settled = compare(c, grey, shortTerm, gainS, p) == Change.NONE;
            if (!known[c]) {
                // hidden while the background formed: the first still, uncovered look is the place itself
                if (settled) {
                    known[c] = true;
                    for (int i : cellIndex[c]) {
                        longTerm[i] = grey[i];
                    }
                }
                continue;
            }
            if (vsLong == Change.NONE) {
                since[c] = -1;
                structure[c] = false;
                continue;
            }
            if (since[c] < 0) {
                since[c] = nowUs;
            }
            running++;
            structure[c] = settled ? vsLong == Change.STRUCTURE : structure[c];
            qualified[c] = settled && nowUs - since[c] >= p.dwellUs();
        }
        forgetGhosts(qualified, grey, cover, p);
        remember(nowUs, grey, cover, p);
        learn(grey, cover, dt, nowUs, p);
        return largest(qualified, running);
    }

    /**
     * A qualified cell that looks as the place looked before it changed is no new thing: the long-term background
     * was wrong there (someone stood there while it formed, and left). It takes the cell as it is now.
     */
    private void forgetGhosts(boolean[] qualified, float[] grey, byte[] cover, Params p) {
        double[] gains = null;
        double[] scratch = new double[cellPixels.length];
        for (int c = 0; c < qualified.length; c++) {
            if (!qualified[c]) {
                continue;
            }
            int k = 0;
            for (Look look : looks) {
                if (look.atUs() < since[c] && look.clean()[c]) {
                    if (gains == null) {
                        gains = new double[LOOKS];
                        java.util.Arrays.fill(gains, Double.NaN);
                    }
                    if (Double.isNaN(gains[k])) {
                        gains[k] = gain(grey, look.grey(), cover, scratch);
                    }
                    if (compare(c, grey, look.grey(), gains[k], p) == Change.NONE) {
                        qualified[c] = false;
                        since[c] = -1;
                        structure[c] = false;
                        for (int i : cellIndex[c]) {
                            longTerm[i] = grey[i];
                        }
                        break;
                    }
                }
                k++;
            }
        }
    }

    /** Keeps one look per dwell, the oldest going first. */
    private void remember(long nowUs, float[] grey, byte[] cover, Params p) {
        if (!looks.isEmpty() && nowUs - looks.peekLast().atUs() < p.dwellUs()) {
            return;
        }
        boolean[] clean = new boolean[cellPixels.length];
        for (int c = 0; c < clean.length; c++) {
            clean[c] = since[c] < 0 && !held[c] && covered(c, cover) == FREE;
        }
        addLook(new Look(nowUs, grey.clone(), clean));
    }

    private void addLook(Look look) {
        looks.addLast(look);
        if (looks.size() > LOOKS) {
            looks.removeFirst();
        }
    }

    private void formBackground() {
        float[] values = new float[warmUp.size()];
        for (int i = 0; i < longTerm.length; i++) {
            int n = 0;
            for (Sample s : warmUp) {
                if (s.cover()[i] == FREE) {
                    values[n++] = s.grey()[i];
                }
            }
            if (n == 0) {
                for (Sample s : warmUp) {
                    values[n++] = s.grey()[i];
                }
            }
            java.util.Arrays.sort(values, 0, n);
            longTerm[i] = values[n / 2];
        }
        for (int c = 0; c < known.length; c++) {
            int free = 0;
            for (Sample sample : warmUp) {
                free += covered(c, sample.cover()) == FREE ? 1 : 0;
            }
            known[c] = 2 * free >= warmUp.size();
        }
        // the warm-up pictures are the first looks of the place
        for (int j = 0; j < LOOKS && j < warmUp.size(); j++) {
            Sample sample = warmUp.get(j * warmUp.size() / Math.min(LOOKS, warmUp.size()));
            boolean[] clean = new boolean[cellPixels.length];
            for (int c = 0; c < clean.length; c++) {
                clean[c] = covered(c, sample.cover()) == FREE;
            }
            addLook(new Look(sample.atUs(), sample.grey(), clean));
        }
        warmUp.clear();
    }

    /**
     * Keeps the long-term background as it is in these cells (a confirmed object is not learnt away while its
     * violation is open); {@code null} releases them all.
     */
    public void hold(boolean[] cells) {
        for (int c = 0; c < held.length; c++) {
            held[c] = cells != null && cells[c];
        }
    }

    /** The zone's overall gain against a background: the median ratio of its uncovered cells' means. */
    private double gain(float[] grey, float[] bg, byte[] cover, double[] scratch) {
        int n = 0;
        for (int c = 0; c < cellPixels.length; c++) {
            if (cellPixels[c] == 0 || covered(c, cover) != FREE) {
                continue;
            }
            double a = 0;
            double b = 0;
            for (int i : cellIndex[c]) {
                if (inZone[i]) {
                    a += grey[i];
                    b += bg[i];
                }
            }
            scratch[n++] = (a + cellPixels[c]) / (b + cellPixels[c]);
        }
        if (n == 0) {
            return 1;
        }
        java.util.Arrays.sort(scratch, 0, n);
        return scratch[n / 2];
    }

    /**
     * Compares a cell with a background after taking out what light does. Light multiplies what a surface reflects,
     * so under any light (a cloud, dusk, a pool of headlight) the ratio of picture to background is smooth across
     * the cell; a thing put there makes it rough. A cell's structure has changed when both hold: its detail (what is
     * left after a smooth quadratic brightness surface) no longer correlates with the background's, and its ratio to
     * the background is rough. A flat cell has changed when its brightness moved by {@code contrast} beyond the
     * zone's gain. A cell blinded by light (a quarter of it saturated) says nothing.
     */
    private Change compare(int c, float[] grey, float[] bg, double gain, Params p) {
        int[] px = zonePixels[c];
        int n = px.length;
        double[] a = new double[n];
        double[] b = new double[n];
        double[] r = new double[n];
        int saturated = 0;
        double ma = 0;
        double mb = 0;
        for (int j = 0; j < n; j++) {
            a[j] = grey[px[j]];
            b[j] = bg[px[j]] * gain;
            r[j] = (a[j] + RATIO_OFFSET) / (bg[px[j]] + RATIO_OFFSET);
            saturated += a[j] >= SATURATED ? 1 : 0;
            ma += a[j];
            mb += b[j];
        }
        if (4 * saturated > n) {
            return Change.BLINDED;
        }
        ma /= n;
        mb /= n;
        Basis q = bases[c];
        double ra = q.residual(a, a) / n;
        double rb = q.residual(b, b) / n;
        double t2 = p.texture() * p.texture();
        if (Math.max(ra, rb) < t2) {
            return Math.abs(ma - mb) > p.contrast() ? Change.BRIGHTNESS : Change.NONE;
        }
        // the floor keeps a spread of noise from passing for structure
        double k = t2 / 4;
        double ncc = q.residual(a, b) / n / Math.sqrt((Math.max(0, ra) + k) * (Math.max(0, rb) + k));
        double rough = q.residual(r, r) / n;
        return ncc < p.similarity() && rough > RATIO_ROUGH * RATIO_ROUGH ? Change.STRUCTURE : Change.NONE;
    }

    /**
     * An orthonormal basis of the smooth surfaces over a cell's pixels (1, x, y, x², xy, y²): what a vector has
     * beyond them is its detail.
     */
    private static final class Basis {
        final double[][] q;

        Basis(int[] xs, int[] ys) {
            int n = xs.length;
            java.util.List<double[]> out = new java.util.ArrayList<>();
            for (int f = 0; f < 6; f++) {
                double[] v = new double[n];
                for (int j = 0; j < n; j++) {
                    double x = (xs[j] - (CELL - 1) / 2.0) / CELL;
                    double y = (ys[j] - (CELL - 1) / 2.0) / CELL;
                    v[j] = switch (f) {
                        case 0 -> 1;
                        case 1 -> x;
                        case 2 -> y;
                        case 3 -> x * x;
                        case 4 -> x * y;
                        default -> y * y;
                    };
                }
                for (double[] u : out) {
                    double d = dot(u, v);
                    for (int j = 0; j < n; j++) {
                        v[j] -= d * u[j];
                    }
                }
                double norm = Math.sqrt(dot(v, v));
                if (norm > 1e-6) {
                    for (int j = 0; j < n; j++) {
                        v[j] /= norm;
                    }
                    out.add(v);
                }
            }
            q = out.toArray(new double[0][]);
        }

        /** u·v less what the smooth surfaces explain of both. */
        double residual(double[] u, double[] v) {
            double s = dot(u, v);
            for (double[] e : q) {
                s -= dot(e, u) * dot(e, v);
            }
            return s;
        }

        private static double dot(double[] u, double[] v) {
            double s = 0;
            for (int j = 0; j < u.length; j++) {
                s += u[j] * v[j];
            }
            return s;
        }
    }

    /** The strongest cover over at least a quarter of the cell. */
    private int covered(int c, byte[] cover) {
        int still = 0;
        int passing = 0;
        for (int i : cellIndex[c]) {
            still += cover[i] == STILL ? 1 : 0;
            passing += cover[i] == PASSING ? 1 : 0;
        }
        int quarter = cellIndex[c].length / 4;
        return still > quarter ? STILL : still + passing > quarter ? PASSING : FREE;
    }

    /**
     * Both backgrounds follow the picture where nothing covers it; the long-term one not where a cell has been new
     * for less than twice the dwell (it would learn the object before it qualifies) nor where it is held.
     */
    private void learn(float[] grey, byte[] cover, double dt, long nowUs, Params p) {
        float aLong = (float) (1 - Math.exp(-dt / Math.max(1, p.learnUs())));
        float aShort = (float) (1 - Math.exp(-dt / Math.max(1, p.settleUs())));
        for (int c = 0; c < cellPixels.length; c++) {
            boolean fresh = since[c] >= 0 && nowUs - since[c] < 2 * p.dwellUs();
            boolean longToo = !held[c] && !fresh;
            for (int i : cellIndex[c]) {
                if (cover[i] != FREE) {
                    continue;
                }
                shortTerm[i] += aShort * (grey[i] - shortTerm[i]);
                if (longToo) {
                    longTerm[i] += aLong * (grey[i] - longTerm[i]);
                }
            }
        }
    }

    /** The largest 4-connected group of qualified cells. */
    private Found largest(boolean[] qualified, int running) {
        boolean[] seen = new boolean[qualified.length];
        boolean[] best = null;
        int bestN = 0;
        for (int start = 0; start < qualified.length; start++) {
            if (!qualified[start] || seen[start]) {
                continue;
            }
            boolean[] group = new boolean[qualified.length];
            int n = 0;
            ArrayDeque<Integer> todo = new ArrayDeque<>();
            todo.add(start);
            seen[start] = true;
            while (!todo.isEmpty()) {
                int c = todo.poll();
                group[c] = true;
                n++;
                int x = c % cols;
                int y = c / cols;
                int[][] next = {{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}};
                for (int[] q : next) {
                    if (q[0] >= 0 && q[0] < cols && q[1] >= 0 && q[1] < rows) {
                        int d = q[1] * cols + q[0];
                        if (qualified[d] && !seen[d]) {
                            seen[d] = true;
                            todo.add(d);
                        }
                    }
                }
            }
            if (n > bestN) {
                bestN = n;
                best = group;
            }
        }
        if (best == null) {
            return new Found(null, 0, 0, 0, Long.MAX_VALUE, null, (double) running / zoneCells);
        }
        int structural = 0;
        long onset = Long.MAX_VALUE;
        int x1 = width;
        int y1 = height;
        int x2 = 0;
        int y2 = 0;
        for (int c = 0; c < best.length; c++) {
            if (best[c]) {
                structural += structure[c] ? 1 : 0;
                onset = Math.min(onset, since[c]);
                x1 = Math.min(x1, (c % cols) * CELL);
                y1 = Math.min(y1, (c / cols) * CELL);
                x2 = Math.max(x2, Math.min(width, (c % cols + 1) * CELL));
                y2 = Math.max(y2, Math.min(height, (c / cols + 1) * CELL));
            }
        }
        return new Found(best, bestN, (double) bestN / zoneCells, (double) structural / bestN, onset,
                new int[] {x1, y1, x2, y2}, (double) running / zoneCells);
    }

    /**
     * The new static thing found, if any.
     *
     * @param cells      which cells it covers (null: none)
     * @param share      its cells' share of the zone's cells
     * @param structural share of its cells whose structure changed (not only their brightness)
     * @param onsetUs    camera time its oldest cell started to differ
     * @param bounds     x1, y1, x2, y2 in the picture's pixels (null: none)
     * @param changing   share of the zone's cells differing from the long-term background at all (a candidate
     *                   forming, or something passing that was not detected)
     */
    public record Found(boolean[] cells, int count, double share, double structural, long onsetUs, int[] bounds,
                        double changing) {

        static final Found NOTHING = new Found(null, 0, 0, 0, Long.MAX_VALUE, null, 0);
    }

    /** The cell's basis; cells with the same shape inside the zone (all whole ones) share one. */
    private Basis basis(int c, java.util.Map<String, Basis> shared) {
        int[] px = zonePixels[c];
        int[] xs = new int[px.length];
        int[] ys = new int[px.length];
        StringBuilder key = new StringBuilder();
        for (int j = 0; j < px.length; j++) {
            xs[j] = px[j] % width - (c % cols) * CELL;
            ys[j] = px[j] / width - (c / cols) * CELL;
            key.append(xs[j]).append(',').append(ys[j]).append(';');
        }
        return shared.computeIfAbsent(key.toString(), k -> new Basis(xs, ys));
    }

    private int cellWidth(int c) {
        return c % cols == cols - 1 ? width - (cols - 1) * CELL : CELL;
    }

    private int cellHeight(int c) {
        return c / cols == rows - 1 ? height - (rows - 1) * CELL : CELL;
    }

    /** Pixel indices of a cell (the last column and row take the remainder). */
    private int[] indices(int c) {
        int x0 = (c % cols) * CELL;
        int y0 = (c / cols) * CELL;
        int w = cellWidth(c);
        int h = cellHeight(c);
        int[] out = new int[w * h];
        int k = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                out[k++] = y * width + x;
            }
        }
        return out;
    }
}
