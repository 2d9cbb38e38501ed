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
import org.streetwatch.detector.inference.Detector;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.cases.CaseStatus;
import org.streetwatch.evidence.store.CaseQuery;
import org.streetwatch.ingest.testing.SharedData;

/**
 * The four rules on scenario footage built from real video and real objects, through the real model and the real
 * pipeline (the daemon reading the scenario once, at full speed). Positives must fire within the rule's dwell (or
 * persistence) plus two sampling intervals of the moment the objects appear; negatives must stay silent. The
 * per-rule precision, recall and latency are written to target/scenario-report.md.
 */
class ScenarioIT {

    static final String START = "2026-11-27T21:00:00+08:00";
    static final long START_MS = OffsetDateTime.parse(START).toInstant().toEpochMilli();
    private static final Map<String, int[]> OUTCOMES = new LinkedHashMap<>(); // rule -> tp, fn, fp, tn
    private static final List<String> LATENCIES = new ArrayList<>();

    @TempDir
    Path dir;

    private static final String CONFIG = Scenes.CONFIG_HEAD + """
            rules:
              street_vending: {dwell_s: 20, cooldown_s: 10, prop_kinds: [vending_prop, stall, bicycle]}
              misparked_bikes: {dwell_s: 20, min_bikes: MIN_BIKES}
              uncovered_muck_truck: {min_sightings: 3, hours: "20:00-06:00"}
              waste_water_dumping: {window_s: 30, persist_s: 8}
            cameras:
              - id: scene
                url: "VIDEO"
                start_time: "START"
                sample_interval_s: INTERVAL
                zones:
            ZONES""";

    static String zone(String id, String type, String polygon, String extra) {
        return "      - {id: " + id + ", type: " + type + ", polygon: " + polygon + (extra == null ? "" : ", " + extra)
                + "}\n";
    }

    static final String VENDING_ZONE = "[[0.45, 0.6], [1, 0.6], [1, 1], [0.45, 1]]";
    static final String BIKE_ZONE = "[[0, 0.62], [0.8, 0.62], [0.8, 1], [0, 1]]";
    static final String BAY = "[[0.14, 0.66], [0.46, 0.66], [0.46, 1], [0.14, 1]]";
    static final String DRAIN = "[[0.72, 0.63], [0.8, 0.63], [0.8, 0.71], [0.72, 0.71]]";
    static final String WHOLE = "[[0, 0], [1, 0], [1, 1], [0, 1]]";

    /** Runs the daemon once over the video; returns all cases in the store afterwards. */
    private List<Case> run(Path video, String zones, int minBikes, double interval, Path evidence) throws Exception {
        Path cfg = evidence.resolve("streetwatch.yaml");
        Files.createDirectories(evidence);
        Files.writeString(cfg, CONFIG.replace("MODELS", SharedData.models().toString()).replace("VIDEO", video.toString())
                .replace("START", START).replace("MIN_BIKES", Integer.toString(minBikes))
                .replace("INTERVAL", Double.toString(interval)).replace("ZONES", zones));
        Daemon d = Daemon.start(ConfigLoader.load(cfg), true);
        try {
            d.awaitFilesDone(Duration.ofMinutes(5));
            lastDaemonCases = d.store().list(CaseQuery.all());
            lastDaemon = d;
            return lastDaemonCases;
        } finally {
            d.close();
        }
    }

    private List<Case> lastDaemonCases;
    private Daemon lastDaemon;

    private static List<Case> of(List<Case> cases, String rule) {
        return cases.stream().filter(c -> c.what().rule().equals(rule)).toList();
    }

    /** Records a positive scenario's outcome and its latency past appear + dwell. */
    private static void positive(String rule, String scenario, List<Case> cases, double appearS, double dwellS,
                                 double intervalS) {
        List<Case> hits = of(cases, rule);
        OUTCOMES.computeIfAbsent(rule, k -> new int[4])[hits.isEmpty() ? 1 : 0]++;
        assertThat(hits).as(scenario + ": " + rule + " fires").hasSize(1);
        double confirmedS = (hits.get(0).when().confirmedAt() - START_MS) / 1000.0;
        double latency = confirmedS - appearS - dwellS;
        LATENCIES.add(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f |", rule, scenario, appearS + dwellS,
                confirmedS, latency));
        assertThat(confirmedS).as(scenario + ": confirmed within dwell plus two sampling intervals")
                .isLessThanOrEqualTo(appearS + dwellS + 2 * intervalS);
    }

    private static void negative(String rule, String scenario, List<Case> cases) {
        List<Case> hits = of(cases, rule);
        OUTCOMES.computeIfAbsent(rule, k -> new int[4])[hits.isEmpty() ? 3 : 2]++;
        assertThat(hits).as(scenario + ": " + rule + " stays silent").isEmpty();
    }

    @Test
    void streetVending() throws Exception {
        List<Case> cases = run(Scenes.vending("vending", 4), zone("shopfront", "no_vending", VENDING_ZONE, null), 3, 1,
                dir.resolve("a"));
        positive("street_vending", "vendor and cart in a no-vending zone", cases, 4, 20, 1);
        assertThat(of(cases, "street_vending").get(0).what().counts()).containsEntry("person", 1).containsEntry("bicycle", 1);
    }

    @Test
    void vendingInsideANightMarketDuringItsHoursIsAllowed() throws Exception {
        List<Case> cases = run(Scenes.vending("vending", 4), zone("shopfront", "no_vending", VENDING_ZONE, null)
                + zone("night-market", "vending_allowed", VENDING_ZONE,
                "schedule: [{days: daily, from: \"18:00\", to: \"23:30\"}]"), 3, 1, dir);
        negative("street_vending", "vendor in a night market during its hours", cases);
    }

    @Test
    void aRejectedVendorIsNotReportedAgain() throws Exception {
        Path evidence = dir.resolve("shared");
        String zones = zone("shopfront", "no_vending", VENDING_ZONE, null);
        List<Case> first = run(Scenes.vending("vending", 4), zones, 3, 1, evidence);
        assertThat(first).hasSize(1);
        // a reviewer rejects it (the same daemon store, reopened by a new daemon for the review)
        Daemon reviewer = Daemon.start(ConfigLoader.load(evidence.resolve("streetwatch.yaml")), true);
        try {
            reviewer.reviews().decide(first.get(0).id(), CaseStatus.REJECTED, "inspector-7", "licensed stall");
        } finally {
            reviewer.close();
        }
        // the same vendor, same place, later in the day
        List<Case> again = run(Scenes.vending("vending-later", 14), zones, 3, 1, evidence);
        negative("street_vending", "the same vendor after their case was rejected", again.stream()
                .filter(c -> c.review().status() == CaseStatus.PENDING).toList());
        assertThat(again).hasSize(1);
    }

    @Test
    void misparkedBikes() throws Exception {
        List<Case> cases = run(Scenes.parkedBikes(), zone("pavement", "no_bike_parking", BIKE_ZONE, null), 2, 1, dir);
        positive("misparked_bikes", "two Meituan bikes parked on the pavement", cases, 4, 20, 1);
        assertThat(of(cases, "misparked_bikes").get(0).what().counts()).containsEntry("bicycle", 2)
                .containsEntry("bicycle:meituan", 2);
    }

    @Test
    void aBikePassingThroughIsNotParked() throws Exception {
        negative("misparked_bikes", "a bike passing through", run(Scenes.bikePassing(),
                zone("pavement", "no_bike_parking", BIKE_ZONE, null), 1, 1, dir));
    }

    @Test
    void aBikeInABayIsParkedWell() throws Exception {
        negative("misparked_bikes", "one bike in a bike bay", run(Scenes.bikeInBay(),
                zone("pavement", "no_bike_parking", BIKE_ZONE, null) + zone("bay", "bike_parking", BAY, null), 1, 1, dir));
    }

    @Test
    void wasteWaterPouredIntoADrain() throws Exception {
        List<Case> cases = run(Scenes.dumping(true), zone("drain-3", "drain", DRAIN, null), 3, 1, dir);
        positive("waste_water_dumping", "a person at the drain, then a wet patch", cases, 12, 8, 1);
    }

    @Test
    void aPersonAtADrainWithoutAWetPatchIsNothing() throws Exception {
        negative("waste_water_dumping", "a person at the drain, no wet patch",
                run(Scenes.dumping(false), zone("drain-3", "drain", DRAIN, null), 3, 1, dir));
    }

    @Test
    void uncoveredMuckTrucksAtNight() throws Exception {
        List<Case> cases;
        try (Detector det = Scenes.detector()) {
            cases = run(Scenes.trucks(false, det), zone("road", "road", WHOLE, null), 3, 0.5, dir);
        }
        List<Case> hits = of(cases, "uncovered_muck_truck");
        OUTCOMES.computeIfAbsent("uncovered_muck_truck", k -> new int[4])[hits.isEmpty() ? 1 : 0]++;
        assertThat(hits).as("trucks with loads of gravel").isNotEmpty();
        LATENCIES.add(String.format(Locale.ROOT, "| uncovered_muck_truck | trucks with loads of gravel | %d trucks "
                + "reported | | |", hits.size()));
    }

    @Test
    void coveredMuckTrucksAreFine() throws Exception {
        try (Detector det = Scenes.detector()) {
            negative("uncovered_muck_truck", "trucks under green dust nets",
                    run(Scenes.trucks(true, det), zone("road", "road", WHOLE, null), 3, 0.5, dir));
        }
    }

    @AfterAll
    static void report() throws Exception {
        Outcomes.write("scenario-report.md", OUTCOMES, LATENCIES);
    }
}
