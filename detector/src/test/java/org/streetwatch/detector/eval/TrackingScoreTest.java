package org.streetwatch.detector.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.streetwatch.violation.Box;

class TrackingScoreTest {

    private static GroundTruth.Object gt(int id, float x) {
        return new GroundTruth.Object(id, new Box(x, 0, x + 10, 20));
    }

    private static TrackingScore.TrackBox tr(long id, float x) {
        return new TrackingScore.TrackBox(id, new Box(x, 0, x + 10, 20));
    }

    @Test
    void perfectTracksScoreOne() {
        TrackingScore s = new TrackingScore();
        for (int f = 0; f < 5; f++) {
            s.add(List.of(tr(7, 0), tr(8, 50)), List.of(gt(1, 0), gt(2, 50)));
        }
        assertThat(s.mota()).isEqualTo(1.0);
        assertThat(s.idf1()).isEqualTo(1.0);
    }

    @Test
    void anIdentitySwitchAMissAndAFalsePositiveCount() {
        TrackingScore s = new TrackingScore();
        s.add(List.of(tr(7, 0)), List.of(gt(1, 0)));
        s.add(List.of(tr(7, 0)), List.of(gt(1, 0)));
        s.add(List.of(tr(9, 0)), List.of(gt(1, 0))); // switch
        s.add(List.of(tr(9, 0)), List.of(gt(1, 0)));
        s.add(List.of(tr(5, 80)), List.of(gt(1, 0))); // miss + false positive
        // 5 truths, 1 switch, 1 miss, 1 false positive
        assertThat(s.switches()).isEqualTo(1);
        assertThat(s.mota()).isCloseTo(1 - 3 / 5.0, Offset.offset(1e-9));
        // best identity match: gt 1 -> track 7 (2 frames); IDTP 2, IDFP 3, IDFN 3
        assertThat(s.idf1()).isCloseTo(4 / 10.0, Offset.offset(1e-9));
    }
}
