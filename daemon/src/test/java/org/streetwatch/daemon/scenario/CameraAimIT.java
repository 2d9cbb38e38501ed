package org.streetwatch.daemon.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.daemon.testing.ReviewClient;
import org.streetwatch.daemon.wiring.Daemon;
import org.streetwatch.detector.aim.CameraState;
import org.streetwatch.detector.aim.Condition;
import org.streetwatch.detector.testing.CameraViews;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.store.CaseQuery;
import org.streetwatch.ingest.testing.Metrics;
import org.streetwatch.ingest.testing.SharedData;
import org.streetwatch.review.auth.Role;
import tools.jackson.databind.JsonNode;

/**
 * A camera knocked, re-aimed, taped over or out of focus 10 s into the campus footage, through the real pipeline:
 * a small move (5 %, or 3 degrees) moves the zones with the picture and a heap put in the moved zone still raises
 * its case; a large move (40 %), a covered lens and a blurred picture suspend the rules (the same heap raises
 * nothing) and mark the camera, and the zone's watched time stops at the moment the camera was found so.
 */
class CameraAimIT {

    private static final double DWELL_S = 15;
    private static final double CHANGE_S = 10;
    private static final double CHECK_S = 2;

    @TempDir
    Path dir;

    private static final String CONFIG = Scenes.CONFIG_HEAD + """
            camera_check: {check_s: CHECK}
            rules:
              illegal_storage: {dwell_s: DWELL, learn_s: 600}
            cameras:
              - id: scene
                url: "VIDEO"
                start_time: "2026-11-27T15:00:00+08:00"
                sample_interval_s: 1
                zones:
                  - {id: pavement, type: no_storage, polygon: STORE}
            """;

    /** @param wallAim what the camera wall shows of the camera's aim */
    private record Run(List<Case> cases, Condition condition, double shiftPixels, double watchedS, String wallAim) {
    }

    private Run run(Path video) throws Exception {
        Path cfg = dir.resolve("streetwatch.yaml");
        Files.writeString(cfg, CONFIG.replace("MODELS", SharedData.models().toString()).replace("VIDEO", video.toString())
                .replace("CHECK", Double.toString(CHECK_S)).replace("DWELL", Double.toString(DWELL_S))
                .replace("STORE", Scenes.yaml(Scenes.STORE)));
        StreetwatchConfig config = ConfigLoader.load(cfg);
        ReviewClient.addUser(config, "wang.fang", Role.OPERATOR);
        Daemon d = Daemon.start(config, true);
        try {
            d.awaitFilesDone(Duration.ofMinutes(5));
            JsonNode wall = new ReviewClient(d.httpPort()).login("wang.fang").get("/api/wall");
            return new Run(d.store().list(CaseQuery.all()), d.cameraConditions().get("scene"),
                    Metrics.value(d.registry(), "streetwatch_zone_shift_pixels", "scene"),
                    Metrics.value(d.registry(), "streetwatch_zone_coverage_seconds_total", "scene"),
                    wall.path("cameras").get(0).path("aim").asString());
        } finally {
            d.close();
        }
    }

    /** The campus footage, 50 s, with a heap put on the pavement at 28 s, seen as {@code view} from 10 s on. */
    private static Path footage(String name, UnaryOperator<Mat> view) throws Exception {
        return Scenes.stationary(name, 50, s -> s.place(Scenes.pile(), 28, 50, Scenes.PILE[0], Scenes.PILE[1])
                .from(CHANGE_S, view));
    }

    @Test
    void movedByFivePercentTheZoneFollowsAndTheHeapIsFound() throws Exception {
        Run r = run(footage("aim-shift-5", m -> CameraViews.moved(m, 0.05, 0)));
        assertThat(r.condition().state()).isEqualTo(CameraState.SHIFTED);
        assertThat(r.wallAim()).as("on the camera wall").isEqualTo("shifted");
        assertThat(r.shiftPixels()).as("768 px wide, moved 5 %").isCloseTo(38.4, within(6.0));
        assertThat(r.cases()).hasSize(1);
        assertThat(r.cases().get(0).where().area()[0]).as("found where the heap is seen, right of where it was put")
                .isGreaterThan((float) (Scenes.PILE[0] + 0.05 - 0.15));
    }

    @Test
    void turnedByThreeDegreesTheZoneFollowsAndTheHeapIsFound() throws Exception {
        Run r = run(footage("aim-turn-3", m -> CameraViews.moved(m, 0, 3)));
        assertThat(r.condition().state()).isEqualTo(CameraState.SHIFTED);
        assertThat(r.cases()).hasSize(1);
    }

    @Test
    void movedByFortyPercentTheCameraIsMisaimedAndItsRulesWait() throws Exception {
        Run r = run(footage("aim-shift-40", m -> CameraViews.moved(m, 0.40, 0)));
        assertThat(r.condition().state()).isEqualTo(CameraState.MISAIMED);
        assertThat(r.wallAim()).as("on the camera wall").isEqualTo("misaimed");
        assertThat(r.cases()).isEmpty();
        assertThat(r.watchedS()).as("watched until the check found it misaimed").isBetween(CHANGE_S - 1,
                CHANGE_S + CHECK_S + 1);
    }

    @Test
    void aCoveredLensIsCoveredAndItsRulesWait() throws Exception {
        Run r = run(footage("aim-covered", CameraViews::covered));
        assertThat(r.condition().state()).isEqualTo(CameraState.COVERED);
        assertThat(r.wallAim()).as("on the camera wall").isEqualTo("covered");
        assertThat(r.cases()).isEmpty();
        assertThat(r.watchedS()).isBetween(CHANGE_S - 1, CHANGE_S + CHECK_S + 1);
    }

    @Test
    void aBlurredPictureIsBlurredAndItsRulesWait() throws Exception {
        Run r = run(footage("aim-blurred", CameraViews::blurred));
        assertThat(r.condition().state()).isEqualTo(CameraState.BLURRED);
        assertThat(r.wallAim()).as("on the camera wall").isEqualTo("blurred");
        assertThat(r.cases()).isEmpty();
        assertThat(r.watchedS()).isBetween(CHANGE_S - 1, CHANGE_S + CHECK_S + 1);
    }
}
