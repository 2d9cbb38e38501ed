package org.streetwatch.detector.live;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.streetwatch.detector.analysis.AnalysisStage;
import org.streetwatch.detector.track.Track;
import org.streetwatch.ingest.frame.Frame;

/**
 * The last minutes of each camera's tracks, kept in memory for the zone editor's preview: per camera a ring bounded by
 * camera time ({@code keepUs}) and by count ({@code maxSamples}), the oldest sample dropped first. Written by the
 * camera's analysis worker, read by HTTP handlers; each camera's ring is guarded by its own lock.
 */
public final class RecentTracks implements AnalysisStage.Watcher {

    /**
     * One object in one analysed frame, its box in fractions of the picture.
     *
     * @param stationaryS how long it has stood still (0 if moving)
     */
    public record Seen(long trackId, String kind, String label, float score, float x1, float y1, float x2, float y2,
                       double stationaryS) {

        /** The ground point (bottom centre), by which zones judge an object. */
        public double groundX() {
            return (x1 + x2) / 2;
        }

        public double groundY() {
            return y2;
        }
    }

    /** One analysed frame's objects. */
    public record Sample(long ptsUs, long wallMs, List<Seen> objects) {
    }

    private final long keepUs;
    private final int maxSamples;
    private final Map<String, ArrayDeque<Sample>> rings = new ConcurrentHashMap<>();

    public RecentTracks(long keepUs, int maxSamples) {
        this.keepUs = keepUs;
        this.maxSamples = maxSamples;
    }

    @Override
    public void analysed(Frame frame, List<Track> tracks) {
        float w = frame.sourceWidth();
        float h = frame.sourceHeight();
        List<Seen> seen = new ArrayList<>(tracks.size());
        for (Track t : tracks) {
            if (!t.seen()) {
                continue;
            }
            double still = t.hits() >= 2 ? (frame.ptsUs() - t.stationarySinceUs()) / 1e6 : 0;
            seen.add(new Seen(t.id(), t.kind(), t.label(), t.score(), t.box().x1() / w, t.box().y1() / h,
                    t.box().x2() / w, t.box().y2() / h, still));
        }
        ArrayDeque<Sample> ring = rings.computeIfAbsent(frame.cameraId(), id -> new ArrayDeque<>());
        synchronized (ring) {
            ring.addLast(new Sample(frame.ptsUs(), frame.wallMs(), Collections.unmodifiableList(seen)));
            while (ring.size() > maxSamples || frame.ptsUs() - ring.peekFirst().ptsUs() > keepUs) {
                ring.removeFirst();
            }
        }
    }

    /** A copy of the camera's recent samples, oldest first. */
    public List<Sample> of(String cameraId) {
        ArrayDeque<Sample> ring = rings.get(cameraId);
        if (ring == null) {
            return List.of();
        }
        synchronized (ring) {
            return List.copyOf(ring);
        }
    }

    /** Forgets cameras no longer configured. */
    public void retain(java.util.Set<String> cameraIds) {
        rings.keySet().retainAll(cameraIds);
    }
}
