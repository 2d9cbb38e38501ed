package org.streetwatch.daemon.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.daemon.wiring.Daemon;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.store.CaseQuery;
import org.streetwatch.ingest.testing.SharedData;

/**
 * Things left in no_storage and no_hanging zones, on the campus footage with its own passers-by, through the real
 * model and the real pipeline: a heap of gravel and a hung-out blanket must raise a case each, with a still of the
 * empty zone and one with the thing; a person standing still, a cloud, dusk and a car's headlights must not. Per-rule
 * precision and recall go to target/stationary-object-report.md.
 */
class StationaryObjectIT {

    private static final String START = "2026-11-27T15:00:00+08:00";
    private static final long START_MS = OffsetDateTime.parse(START).toInstant().toEpochMilli();
    private static final double DWELL_S = 15;
    private static final Map<String, int[]> OUTCOMES = new LinkedHashMap<>(); // rule -> tp, fn, fp, tn
    private static final List<String> LATENCIES = new ArrayList<>();
    private static final String STORAGE = "illegal_storage";
    private static final String HANGING = "street_hanging";

    @TempDir
    Path dir;

    private static final String CONFIG = Scenes.CONFIG_HEAD + """
            rules:
              illegal_storage: {dwell_s: DWELL, learn_s: 600}
              street_hanging: {dwell_s: DWELL, learn_s: 600}
            cameras:
              - id: scene
                url: "VIDEO"
                start_time: "START"
                sample_interval_s: 1
                zones:
                  - {id: pavement, type: no_storage, unit: shop-12, polygon: STORE}
                  - {id: railing, type: no_hanging, polygon: RAILING}
            """;

    /** Runs the daemon once over the video; returns all cases in the store afterwards. */
    private List<Case> run(Path video) throws Exception {
        Path cfg = dir.resolve("streetwatch.yaml");
        Files.writeString(cfg, CONFIG.replace("MODELS", SharedData.models().toString()).replace("VIDEO", video.toString())
                .replace("START", START).replace("DWELL", Double.toString(DWELL_S))
                .replace("STORE", Scenes.yaml(Scenes.STORE)).replace("RAILING", Scenes.yaml(Scenes.RAILING)));
        Daemon d = Daemon.start(ConfigLoader.load(cfg), true);
        try {
            d.awaitFilesDone(Duration.ofMinutes(5));
            return d.store().list(CaseQuery.all());
        } finally {
            d.close();
        }
    }

    private static List<Case> of(List<Case> cases, String rule) {
        return cases.stream().filter(c -> c.what().rule().equals(rule)).toList();
    }

    /** Records a positive: one case, confirmed within the dwell plus the short-term background's settling. */
    private static Case positive(String rule, String scenario, List<Case> cases, double appearS) {
        List<Case> hits = of(cases, rule);
        OUTCOMES.computeIfAbsent(rule, k -> new int[4])[hits.isEmpty() ? 1 : 0]++;
        assertThat(hits).as(scenario + ": " + rule + " fires").hasSize(1);
        double confirmedS = (hits.get(0).when().confirmedAt() - START_MS) / 1000.0;
        LATENCIES.add(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f |", rule, scenario, appearS + DWELL_S,
                confirmedS, confirmedS - appearS - DWELL_S));
        assertThat(confirmedS).as(scenario + ": confirmed after the dwell").isGreaterThanOrEqualTo(appearS + DWELL_S);
        assertThat(confirmedS).as(scenario + ": confirmed within the dwell, settling and two sampling intervals")
                .isLessThanOrEqualTo(appearS + DWELL_S + 3 + 2);
        return hits.get(0);
    }

    private static void negative(String rule, String scenario, List<Case> cases) {
        List<Case> hits = of(cases, rule);
        OUTCOMES.computeIfAbsent(rule, k -> new int[4])[hits.isEmpty() ? 3 : 2]++;
        assertThat(hits).as(scenario + ": " + rule + " stays silent").isEmpty();
    }

    /** A case's clean stills: the empty zone first, then the zone with the thing. */
    private static List<String> stills(Case c) {
        return c.evidence().files().stream().map(f -> f.name()).filter(n -> n.matches("still-\\d\\.jpg")).sorted().toList();
    }

    @Test
    void aHeapOfGravelLeftOnThePavement() throws Exception {
        List<Case> cases = run(Scenes.stationary("heap-on-pavement", 40,
                s -> s.place(Scenes.pile(), 18, 40, Scenes.PILE[0], Scenes.PILE[1])));
        Case c = positive(STORAGE, "a heap of gravel left on the pavement", cases, 18);
        assertThat(c.where().unit()).isEqualTo("shop-12");
        assertThat(stills(c)).as("before and after").containsExactly("still-1.jpg", "still-2.jpg");
        negative(HANGING, "a heap of gravel on the pavement, nothing on the railing", cases);
    }

    @Test
    void aBlanketHungOutOnTheRailing() throws Exception {
        List<Case> cases = run(Scenes.stationary("blanket-on-railing", 40,
                s -> s.place(Scenes.cloth(), 18, 40, Scenes.CLOTH[0], Scenes.CLOTH[1])));
        Case c = positive(HANGING, "a blanket hung out on the railing", cases, 18);
        assertThat(stills(c)).containsExactly("still-1.jpg", "still-2.jpg");
        negative(STORAGE, "a blanket on the railing, nothing on the pavement", cases);
    }

    @Test
    void aPersonStandingStillIsNoObject() throws Exception {
        negative(STORAGE, "a person walks onto the pavement and stands still there for 24 s", run(Scenes.stationary(
                "person-stops-on-pavement", 44, s -> s.move(Scenes.person(160), 14, 18, 0.30, 0.62, Scenes.PILE[0],
                        Scenes.PILE[1]).place(Scenes.person(160), 18, 44, Scenes.PILE[0], Scenes.PILE[1]))));
    }

    @Test
    void aCloudDarkeningTheStreetIsNoObject() throws Exception {
        List<Case> cases = run(Scenes.stationary("cloud", 40, s -> s.light(18, 3, 0.5)));
        negative(STORAGE, "a cloud halves the light for 19 s", cases);
        negative(HANGING, "a cloud halves the light for 19 s", cases);
    }

    @Test
    void duskFallingIsNoObject() throws Exception {
        List<Case> cases = run(Scenes.stationary("dusk", 40, s -> s.light(16, 20, 0.25)));
        negative(STORAGE, "dusk: the light falls to a quarter over 20 s", cases);
        negative(HANGING, "dusk: the light falls to a quarter over 20 s", cases);
    }

    @Test
    void headlightsWaitingOnThePavementAreNoObject() throws Exception {
        negative(STORAGE, "a car's headlights sweep onto the pavement at night and wait 18 s", run(Scenes.stationary(
                "headlights", 40, s -> s.light(0, 1, 0.35).headlight(18, 22, 40, 0.9, 0.45, 0.45, 0.55, 0.08, 2))));
    }

    @AfterAll
    static void report() throws Exception {
        Outcomes.write("stationary-object-report.md", OUTCOMES, LATENCIES);
    }
}
