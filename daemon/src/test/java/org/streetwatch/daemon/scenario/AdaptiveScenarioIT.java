package org.streetwatch.daemon.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.streetwatch.daemon.scenario.ScenarioIT.BAY;
import static org.streetwatch.daemon.scenario.ScenarioIT.BIKE_ZONE;
import static org.streetwatch.daemon.scenario.ScenarioIT.DRAIN;
import static org.streetwatch.daemon.scenario.ScenarioIT.START;
import static org.streetwatch.daemon.scenario.ScenarioIT.START_MS;
import static org.streetwatch.daemon.scenario.ScenarioIT.VENDING_ZONE;
import static org.streetwatch.daemon.scenario.ScenarioIT.WHOLE;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.daemon.wiring.Daemon;
import org.streetwatch.detector.inference.Detector;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.store.CaseQuery;
import org.streetwatch.ingest.testing.SharedData;

/**
 * The scenarios of {@link ScenarioIT} played live (each file in real time, as a camera would send it), every one on two
 * cameras of one daemon: one analysed every second ({@code sample_interval_s: 1}, as before adaptive sampling) and one
 * left to adaptive sampling (a picture per {@code sampling.still_s} where only rules about things that stay watch, on
 * the next 2 s keyframe: every 4 s; every second where a rule about moving things sees motion). Both must find the
 * same positives and stay silent on the same negatives; the adaptive camera must confirm within the rule's dwell plus
 * two of its samples (4 s each at most). Per scenario, the outcome of both (a positive's latency past appear + dwell)
 * and the pictures each decoded go to target/adaptive-scenario-report.md.
 */
class AdaptiveScenarioIT {

    /** The adaptive camera's longest interval between samples: still_s (3 s) on the next keyframe of a 2 s GOP. */
    private static final double ADAPTIVE_SAMPLE_S = 4;

    @TempDir
    Path dir;

    private static final String CONFIG = Scenes.CONFIG_HEAD + """
            rules:
              street_vending: {dwell_s: 20, cooldown_s: 10, prop_kinds: [vending_prop, stall, bicycle]}
              misparked_bikes: {dwell_s: 20}
              uncovered_muck_truck: {min_sightings: 3, hours: "20:00-06:00"}
              waste_water_dumping: {window_s: 30, persist_s: 8}
            cameras:
            """;

    /**
     * One scenario: its footage and length (s), zones and the rule it is about; a positive's appear time and dwell
     * (s), or NaN for a negative. Trucks have no dwell: their positive counts as found when any truck is reported.
     */
    private record Play(String name, Path video, double lengthS, String zones, String rule, int minBikes,
                        double appearS, double dwellS) {

        Play(String name, Path video, String zones, String rule, int minBikes, double appearS, double dwellS)
                throws Exception {
            this(name, video, seconds(video), zones, rule, minBikes, appearS, dwellS);
        }

        boolean positive() {
            return !Double.isNaN(appearS);
        }
    }

    private static String zone(String id, String type, String polygon) {
        return ScenarioIT.zone(id, type, polygon, null);
    }

    private static List<Play> plays() throws Exception {
        List<Play> p = new ArrayList<>();
        // appearing at 14 s, its dwell ends between two of the adaptive camera's samples (every 4 s from 0)
        p.add(new Play("vending", Scenes.vending("vending-later", 14), zone("shopfront", "no_vending", VENDING_ZONE),
                "street_vending", 3, 14, 20));
        p.add(new Play("bikes", Scenes.parkedBikes(), zone("pavement", "no_bike_parking", BIKE_ZONE),
                "misparked_bikes", 2, 4, 20));
        p.add(new Play("bike-passing", Scenes.bikePassing(), zone("pavement", "no_bike_parking", BIKE_ZONE),
                "misparked_bikes", 1, Double.NaN, 0));
        p.add(new Play("bike-in-bay", Scenes.bikeInBay(), zone("pavement", "no_bike_parking", BIKE_ZONE)
                + zone("bay", "bike_parking", BAY), "misparked_bikes", 1, Double.NaN, 0));
        p.add(new Play("drain", Scenes.dumping(true), zone("drain-3", "drain", DRAIN), "waste_water_dumping", 3,
                12, 8));
        p.add(new Play("drain-person-only", Scenes.dumping(false), zone("drain-3", "drain", DRAIN),
                "waste_water_dumping", 3, Double.NaN, 0));
        try (Detector det = Scenes.detector()) {
            p.add(new Play("trucks", Scenes.trucks(false, det), zone("road", "road", WHOLE), "uncovered_muck_truck",
                    3, 0, 0));
            p.add(new Play("trucks-covered", Scenes.trucks(true, det), zone("road", "road", WHOLE),
                    "uncovered_muck_truck", 3, Double.NaN, 0));
        }
        return p;
    }

    @Test
    void adaptiveSamplingFindsWhatOnePictureASecondFindsWithinDwellPlusTwoOfItsSamples() throws Exception {
        List<Play> plays = plays();
        StringBuilder cameras = new StringBuilder();
        double longestS = 0;
        for (Play p : plays) {
            for (boolean pinned : new boolean[] {true, false}) {
                cameras.append("  - id: ").append(camera(p, pinned)).append("\n    url: \"").append(p.video())
                        .append("\"\n    start_time: \"").append(START).append("\"\n")
                        .append(pinned ? "    sample_interval_s: 1\n" : "")
                        .append("    rules: {misparked_bikes: {min_bikes: ").append(p.minBikes()).append("}}\n")
                        .append("    zones:\n").append(p.zones());
            }
            longestS = Math.max(longestS, p.lengthS());
        }
        Path cfg = dir.resolve("streetwatch.yaml");
        Files.writeString(cfg, CONFIG.replace("MODELS", SharedData.models().toString()) + cameras);
        List<Case> cases;
        Map<String, Double> sampled = new HashMap<>();
        Daemon d = Daemon.start(ConfigLoader.load(cfg), false); // files played in real time, as live cameras
        try {
            Thread.sleep((long) ((longestS + 5) * 1000));
            cases = d.store().list(CaseQuery.all());
            for (var snapshot : d.registry().scrape()) {
                if (snapshot.getMetadata().getPrometheusName().equals("streetwatch_frames_sampled")) {
                    for (var point : ((CounterSnapshot) snapshot).getDataPoints()) {
                        sampled.put(point.getLabels().get("camera"), point.getValue());
                    }
                }
            }
        } finally {
            d.close();
        }
        Map<String, String[]> rows = new LinkedHashMap<>();
        SoftAssertions soft = new SoftAssertions();
        for (Play p : plays) {
            double lengthS = p.lengthS();
            String[] row = new String[3];
            double pinnedSampled = sampled.getOrDefault(camera(p, true), 0.0);
            row[2] = String.format(Locale.ROOT, "%.0f / %.0f", pinnedSampled,
                    sampled.getOrDefault(camera(p, false), 0.0));
            // one picture a second from the start: the scenario was played to its end (a negative was watched)
            soft.assertThat(pinnedSampled).as(camera(p, true) + " pictures").isGreaterThanOrEqualTo(lengthS - 2);
            for (boolean pinned : new boolean[] {true, false}) {
                // the first play of the file only: a looped file plays its scenario again
                List<Double> confirmedS = cases.stream().filter(c -> c.where().camera().equals(camera(p, pinned))
                        && c.what().rule().equals(p.rule())).map(c -> (c.when().confirmedAt() - START_MS) / 1000.0)
                        .filter(s -> s <= lengthS).sorted().toList();
                row[pinned ? 0 : 1] = outcome(p, confirmedS);
                if (!p.positive()) {
                    soft.assertThat(confirmedS).as(camera(p, pinned) + " stays silent").isEmpty();
                } else if (p.rule().equals("uncovered_muck_truck")) {
                    soft.assertThat(confirmedS).as(camera(p, pinned) + " reports a truck").isNotEmpty();
                } else {
                    soft.assertThat(confirmedS).as(camera(p, pinned) + " fires once").hasSize(1);
                    double sample = pinned ? 1 : ADAPTIVE_SAMPLE_S;
                    soft.assertThat(confirmedS).as(camera(p, pinned) + ": within dwell plus two samples").allSatisfy(
                            s -> assertThat(s).isLessThanOrEqualTo(p.appearS() + p.dwellS() + 2 * sample));
                }
            }
            rows.put(p.rule() + " | " + p.name(), row);
        }
        report(rows);
        soft.assertAll();
    }

    private static String camera(Play p, boolean pinned) {
        return p.name() + (pinned ? "-1s" : "-adaptive");
    }

    /** A positive's latency past appear + dwell (trucks: how many were reported, the first when); else cases. */
    private static String outcome(Play p, List<Double> confirmedS) {
        if (!p.positive()) {
            return confirmedS.isEmpty() ? "silent" : confirmedS.size() + " false";
        }
        if (confirmedS.isEmpty()) {
            return "missed";
        }
        if (p.rule().equals("uncovered_muck_truck")) {
            return String.format(Locale.ROOT, "%d trucks, first at %.1f s", confirmedS.size(), confirmedS.get(0));
        }
        return String.format(Locale.ROOT, "%+.1f s", confirmedS.get(0) - p.appearS() - p.dwellS());
    }

    private static double seconds(Path video) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile())) {
            g.start();
            double s = g.getLengthInTime() / 1e6;
            g.stop();
            return s;
        }
    }

    private static void report(Map<String, String[]> rows) throws Exception {
        StringBuilder md = new StringBuilder("| rule | scenario | one picture a second | adaptive sampling "
                + "| pictures decoded in the run, one a second / adaptive |\n|---|---|---|---|---|\n");
        rows.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(String.join(" | ", v)).append(" |\n"));
        Outcomes.save("adaptive-scenario-report.md", md.toString());
    }
}
