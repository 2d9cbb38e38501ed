package org.streetwatch.detector.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.streetwatch.detector.Detection;
import org.streetwatch.violation.Box;

class TrackerTest {

    private static final Tracker.Params P = Tracker.Params.of(Tracker.CONFIG.defaults());

    private static Detection person(float x, float y, float score) {
        return new Detection(0, "person", "person", score, new Box(x, y, x + 40, y + 100));
    }

    private static List<Track> step(Tracker t, long second, Detection... dets) {
        return new ArrayList<>(t.update(List.of(dets), d -> d.score() >= 0.3, second * 1_000_000, P));
    }

    @Test
    void aStandingPersonKeepsOneIdAndBecomesStationary() {
        Tracker t = new Tracker();
        for (int s = 0; s < 10; s++) {
            step(t, s, person(100 + (s % 2) * 3, 200, 0.8f)); // box jitter of a few pixels
        }
        assertThat(t.tracks()).hasSize(1);
        Track p = t.tracks().get(0);
        assertThat(p.hits()).isEqualTo(10);
        assertThat(p.stationary(9_000_000, 3_000_000)).isTrue();
        assertThat(p.stationarySinceUs()).isZero();
    }

    @Test
    void aPersonWalkingABodyWidthPerSecondKeepsTheirIdButIsNotStationary() {
        Tracker t = new Tracker();
        for (int s = 0; s < 8; s++) {
            step(t, s, person(100 + s * 45, 200, 0.8f)); // no overlap between consecutive boxes at 1 fps
        }
        assertThat(t.tracks()).hasSize(1);
        assertThat(t.tracks().get(0).stationary(7_000_000, 3_000_000)).isFalse();
    }

    @Test
    void aParkedObjectKeepsItsIdAndItsClockThroughAShortOcclusion() {
        Tracker t = new Tracker();
        for (int s = 0; s < 5; s++) {
            step(t, s, person(300, 200, 0.8f));
        }
        long id = t.tracks().get(0).id();
        for (int s = 5; s < 9; s++) {
            step(t, s); // hidden by a passing bus for 4 s
        }
        step(t, 9, person(302, 201, 0.8f));
        assertThat(t.tracks()).hasSize(1);
        assertThat(t.tracks().get(0).id()).isEqualTo(id);
        assertThat(t.tracks().get(0).stationarySinceUs()).isZero();
    }

    @Test
    void lowScoreDetectionsExtendTracksButNeverStartThem() {
        Tracker t = new Tracker();
        step(t, 0, person(100, 100, 0.8f));
        step(t, 1, person(102, 100, 0.15f), person(500, 100, 0.15f)); // half hidden; and a faint ghost elsewhere
        assertThat(t.tracks()).hasSize(1);
        assertThat(t.tracks().get(0).seen()).isTrue();
        assertThat(t.tracks().get(0).score()).isEqualTo(0.15f);
    }

    @Test
    void tracksAreDroppedAfterMaxMissed() {
        Tracker t = new Tracker();
        step(t, 0, person(100, 100, 0.8f));
        step(t, 11);
        assertThat(t.tracks()).isEmpty();
    }

    @Test
    void kindsNeverMix() {
        Tracker t = new Tracker();
        step(t, 0, person(100, 100, 0.8f));
        step(t, 1, new Detection(1, "bicycle", "bicycle", 0.8f, new Box(100, 100, 140, 200)));
        assertThat(t.tracks()).extracting(Track::kind).containsExactlyInAnyOrder("person", "bicycle");
    }
}
