package org.streetwatch.daemon.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.streetwatch.evidence.store.CaseQuery;
import org.streetwatch.ingest.testing.SharedData;

/**
 * The harder cases of the waste-water and muck-truck rules on scenario footage (real video, real composited objects,
 * FFmpeg's own filters), through the real model and the real daemon reading each scenario once: an old puddle, rain
 * darkening the street, a shadow sweeping over the drain, water poured in the rain; a truck on a 320x240 sub-stream
 * with and without its main stream, and trucks at night. Each outcome is written to target/harder-cases-report.md.
 */
class HarderCasesIT {

    private static final Map<String, int[]> OUTCOMES = new LinkedHashMap<>(); // rule -> tp, fn, fp, tn
    private static final StringBuilder ROWS = new StringBuilder();

    @TempDir
    Path dir;

    private static final String CONFIG = Scenes.CONFIG_HEAD + """
            rules:
              waste_water_dumping: {window_s: 30, persist_s: 8}
              uncovered_muck_truck: {min_sightings: 3, hours: "20:00-06:00"}
            cameras:
              - id: scene
                url: "VIDEO"
            RECORD    start_time: "2026-11-27T21:00:00+08:00"
                sample_interval_s: INTERVAL
                zones:
                  - {id: ZONE_ID, type: ZONE_TYPE, polygon: POLYGON ZONE_EXTRA}
            """;

    private static final String DRAIN = "[[0.72, 0.63], [0.8, 0.63], [0.8, 0.71], [0.72, 0.71]]";
    private static final String WHOLE = "[[0, 0], [1, 0], [1, 1], [0, 1]]";

    /** Runs the daemon once over the video (and its main stream, if any); returns the cases of the rule. */
    private List<Case> run(String rule, Path video, Path main, String zoneType, String polygon, double interval)
            throws Exception {
        return run(rule, video, main, zoneType, polygon, "", interval);
    }

    private List<Case> run(String rule, Path video, Path main, String zoneType, String polygon, String zoneExtra,
                           double interval) throws Exception {
        Path cfg = dir.resolve("streetwatch.yaml");
        Files.writeString(cfg, CONFIG.replace("MODELS", SharedData.models().toString())
                .replace("VIDEO", video.toString())
                .replace("RECORD", main == null ? "" : "    record_url: \"" + main + "\"\n")
                .replace("INTERVAL", Double.toString(interval)).replace("ZONE_ID", zoneType)
                .replace("ZONE_TYPE", zoneType).replace("POLYGON", polygon).replace("ZONE_EXTRA", zoneExtra));
        Daemon d = Daemon.start(ConfigLoader.load(cfg), true);
        try {
            d.awaitFilesDone(Duration.ofMinutes(5));
            nearMisses = 0;
            for (var snapshot : d.registry().scrape()) {
                if (snapshot.getMetadata().getName().equals("streetwatch_near_misses")) {
                    for (var point : ((io.prometheus.metrics.model.snapshots.CounterSnapshot) snapshot).getDataPoints()) {
                        nearMisses += (int) point.getValue();
                    }
                }
            }
            return d.store().list(CaseQuery.all()).stream().filter(c -> c.what().rule().equals(rule)).toList();
        } finally {
            d.close();
        }
    }

    /** Near misses the last run recorded (streetwatch_near_misses_total). */
    private int nearMisses;

    private void record(String rule, String scenario, boolean positive, List<Case> cases) {
        boolean fired = !cases.isEmpty();
        OUTCOMES.computeIfAbsent(rule, k -> new int[4])[positive ? (fired ? 0 : 1) : (fired ? 2 : 3)]++;
        ROWS.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %d |%n", rule, scenario,
                positive ? "case expected" : "no case expected", cases.size(), nearMisses));
    }

    private static final String WATER = "waste_water_dumping";
    private static final String TRUCK = "uncovered_muck_truck";

    @Test
    void aPersonWalkingPastAnOldPuddleIsNoCase() throws Exception {
        // the footage's pedestrians pass the drain every few seconds: a 5 s window, so the puddle appears with
        // nobody near (by the rule's own terms, anyone at the drain within the window before could have poured it)
        List<Case> cases = run(WATER, Scenes.oldPuddle(), null, "drain", DRAIN,
                ", rules: {waste_water_dumping: {window_s: 5}}", 1);
        record(WATER, "a person walking past an old puddle", false, cases);
        assertThat(cases).isEmpty();
    }

    @Test
    void rainDarkeningTheWholeStreetIsNoCase() throws Exception {
        List<Case> cases = run(WATER, Scenes.rain(false), null, "drain", DRAIN, 1);
        record(WATER, "rain darkening the whole street, a person at the drain", false, cases);
        assertThat(cases).isEmpty();
    }

    @Test
    void aShadowSweepingOverTheDrainIsNoCase() throws Exception {
        List<Case> cases = run(WATER, Scenes.shadowSweep(), null, "drain", DRAIN, 1);
        record(WATER, "a shadow sweeping over the drain, a person at it", false, cases);
        assertThat(cases).isEmpty();
    }

    @Test
    void waterPouredInTheRainIsStillACase() throws Exception {
        List<Case> cases = run(WATER, Scenes.rain(true), null, "drain", DRAIN, 1);
        record(WATER, "water poured at the drain in the rain", true, cases);
        assertThat(cases).hasSize(1);
    }

    /**
     * The trucks of ScenarioIT (the main stream, 640x480) and their 320x240 sub-stream; at night, both made dark,
     * low in contrast, faded and noisy.
     */
    private static Path[] trucks(boolean covered, boolean night) throws Exception {
        try (Detector det = Scenes.detector()) {
            Path main = Scenes.trucks(covered, det);
            String name = main.getFileName().toString().replace(".mp4", "");
            if (night) {
                name += "-night";
                main = Scenes.filtered(main, name, Scenes.NIGHT);
            }
            return new Path[] {Scenes.filtered(main, name + "-320", Scenes.SUB_STREAM), main};
        }
    }

    @Test
    void uncoveredTrucksAtNight() throws Exception {
        Path[] v = trucks(false, true);
        List<Case> cases = run(TRUCK, v[1], null, "road", WHOLE, 0.5);
        record(TRUCK, "uncovered trucks at night, 640x480", true, cases);
        assertThat(cases).isNotEmpty();
    }

    @Test
    void coveredTrucksAtNightAreFine() throws Exception {
        Path[] v = trucks(true, true);
        List<Case> cases = run(TRUCK, v[0], v[1], "road", WHOLE, 0.5);
        record(TRUCK, "covered trucks at night, 320x240 sub-stream with its main stream", false, cases);
        assertThat(cases).isEmpty();
    }

    @Test
    void anUncoveredTruckOnASubStreamWithItsMainStream() throws Exception {
        Path[] v = trucks(false, false);
        List<Case> cases = run(TRUCK, v[0], v[1], "road", WHOLE, 0.5);
        record(TRUCK, "uncovered trucks, 320x240 sub-stream with a 640x480 main stream", true, cases);
        assertThat(cases).isNotEmpty();
    }

    @Test
    void anUncoveredTruckOnASubStreamAlone() throws Exception {
        List<Case> cases = run(TRUCK, trucks(false, false)[0], null, "road", WHOLE, 0.5);
        record(TRUCK, "uncovered trucks, 320x240 sub-stream alone", true, cases);
        assertThat(cases).isNotEmpty();
    }

    @Test
    void coveredTrucksOnASubStreamWithItsMainStreamAreFine() throws Exception {
        Path[] v = trucks(true, false);
        List<Case> cases = run(TRUCK, v[0], v[1], "road", WHOLE, 0.5);
        record(TRUCK, "covered trucks, 320x240 sub-stream with a 640x480 main stream", false, cases);
        assertThat(cases).isEmpty();
    }

    /** Labels the default model gives, in the sampled frames after {@code fromS}, to what stands in the stall's place. */
    private static Map<String, Integer> seenAtTheStall(Path video, double fromS) throws Exception {
        Map<String, Integer> seen = new java.util.TreeMap<>();
        try (Detector det = Scenes.detector(); org.bytedeco.javacv.FFmpegFrameGrabber g =
                new org.bytedeco.javacv.FFmpegFrameGrabber(video.toFile());
             org.bytedeco.javacv.OpenCVFrameConverter.ToMat c = new org.bytedeco.javacv.OpenCVFrameConverter.ToMat()) {
            g.start();
            org.bytedeco.javacv.Frame f;
            for (int i = 0; (f = g.grabImage()) != null; i++) {
                if (i % 10 != 0 || i < fromS * g.getFrameRate()) {
                    continue;
                }
                seen.merge("frames", 1, Integer::sum);
                for (org.streetwatch.detector.Detection d : det.detect(c.convert(f))) {
                    if (d.score() >= 0.3f && d.box().y2() > 0.8 * g.getImageHeight()
                            && d.box().centerX() > 0.45 * g.getImageWidth()) {
                        seen.merge(d.label(), 1, Integer::sum);
                    }
                }
            }
        }
        return seen;
    }

    /**
     * What the default model sees of stall props, which the vending rule's {@code prop_kinds} default follows: a
     * vendor's cart (the bicycle of dog.jpg, as COCO models see a tricycle) as a bicycle, a tarpaulin of goods not at
     * all. COCO's umbrella, chair, bench and dining table are mapped to vending_prop by the model's descriptor; no
     * shared picture shows one, so they are not measured here.
     */
    @Test
    void theDefaultModelSeesACartAsABicycleAndATarpaulinNotAtAll() throws Exception {
        Map<String, Integer> cart = seenAtTheStall(Scenes.vending("vending", 4), 6);
        Map<String, Integer> tarpaulin = seenAtTheStall(Scenes.tarpaulin(), 3);
        ROWS.append(String.format(Locale.ROOT, "| street_vending | stall props seen by the default model | cart: %s; "
                + "tarpaulin of goods: %s | | |%n", cart, tarpaulin));
        assertThat(cart.getOrDefault("bicycle", 0)).isGreaterThanOrEqualTo((int) (0.8 * cart.get("frames")));
        assertThat(tarpaulin).containsOnlyKeys("frames", "person");
    }

    @AfterAll
    static void report() throws Exception {
        StringBuilder md = new StringBuilder("| rule | positives found | positives missed | false alarms "
                + "| negatives silent | precision | recall |\n|---|---|---|---|---|---|---|\n");
        OUTCOMES.forEach((rule, o) -> md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %s | %s |%n",
                rule, o[0], o[1], o[2], o[3], ratio(o[0], o[0] + o[2]), ratio(o[0], o[0] + o[1]))));
        md.append("\n| rule | scenario | expected | cases | near misses |\n|---|---|---|---|---|\n").append(ROWS);
        Path out = Path.of(System.getProperty("streetwatch.root", "..")).resolve("target/harder-cases-report.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md.toString());
        System.out.println(md);
    }

    private static String ratio(int n, int d) {
        return d == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", (double) n / d);
    }
}
