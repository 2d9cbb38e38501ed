package org.streetwatch.detector.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.streetwatch.violation.Box;

/**
 * MOTChallenge ground truth ({@code gt.txt}: {@code frame,id,x,y,w,h,conf,...}, frames 1-based, boxes top-left and
 * size in pixels). MOT15 files mark some rows {@code conf == 0}; the reference numbers (PROVENANCE.md) count every row,
 * so that is the default, and MOT16's convention of ignoring them is an option.
 */
public final class GroundTruth {

    /** One annotated object in one frame. */
    public record Object(int id, Box box) {
    }

    private final Map<Integer, List<Object>> byFrame;
    private final int frames;

    private GroundTruth(Map<Integer, List<Object>> byFrame, int frames) {
        this.byFrame = byFrame;
        this.frames = frames;
    }

    public static GroundTruth read(Path gtTxt) throws IOException {
        return read(gtTxt, false);
    }

    /** @param skipZeroConf leave out rows with {@code conf == 0} (MOT16+ "ignore" rows) */
    public static GroundTruth read(Path gtTxt, boolean skipZeroConf) throws IOException {
        Map<Integer, List<Object>> m = new HashMap<>();
        int last = 0;
        int lineNo = 0;
        for (String line : Files.readAllLines(gtTxt)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",");
            if (f.length < 6) {
                throw new IOException(gtTxt + ":" + lineNo + ": expected frame,id,x,y,w,h,...");
            }
            int frame = Integer.parseInt(f[0].trim());
            if (skipZeroConf && f.length > 6 && Double.parseDouble(f[6].trim()) == 0) {
                continue;
            }
            float x = Float.parseFloat(f[2].trim());
            float y = Float.parseFloat(f[3].trim());
            float w = Float.parseFloat(f[4].trim());
            float h = Float.parseFloat(f[5].trim());
            m.computeIfAbsent(frame, k -> new ArrayList<>()).add(new Object(Integer.parseInt(f[1].trim()),
                    new Box(x, y, x + w, y + h)));
            last = Math.max(last, frame);
        }
        return new GroundTruth(m, last);
    }

    /** The objects of a 1-based frame. */
    public List<Object> frame(int oneBased) {
        return byFrame.getOrDefault(oneBased, List.of());
    }

    public int frames() {
        return frames;
    }
}
