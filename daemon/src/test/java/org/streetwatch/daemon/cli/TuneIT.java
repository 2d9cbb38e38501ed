package org.streetwatch.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.streetwatch.daemon.scenario.SeededHistory;
import tools.jackson.databind.JsonNode;

/**
 * {@code streetwatch tune} on a history of real cases (vendors composited into real footage, through the pipeline,
 * decided through the API): its table counted again by hand from the cases the API lists, and its patch the table's picks.
 */
class TuneIT {

    @TempDir
    static Path dir;
    static SeededHistory history;

    @BeforeAll
    static void seed() throws Exception {
        history = SeededHistory.seed(dir);
        history.close(); // tune reads the database: the daemon need not run
    }

    @AfterAll
    static void stop() {
        if (history != null) {
            history.close();
        }
    }

    /** One row of the printed table. */
    private record Row(String place, String setting, String inForce, double value, int confirmed, int rejected,
                       boolean pick) {
    }

    private static final Pattern PLACE = Pattern.compile("^(\\S+)  camera (\\S+)  zone (\\S+): .*");
    private static final Pattern SETTING = Pattern.compile("^  (\\w+) \\(in force (\\S+)\\)$");
    private static final Pattern ROW = Pattern.compile(
            "^\\s+([0-9.]+)\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)\\s+(\\d+)(  <- pick.*)?$");

    private static List<Row> rows(String stdout) {
        List<Row> out = new ArrayList<>();
        String place = null;
        String setting = null;
        String inForce = null;
        for (String line : stdout.lines().toList()) {
            Matcher m;
            if ((m = PLACE.matcher(line)).matches()) {
                place = m.group(2) + "/" + m.group(3);
            } else if ((m = SETTING.matcher(line)).matches()) {
                setting = m.group(1);
                inForce = m.group(2);
            } else if ((m = ROW.matcher(line)).matches()) {
                out.add(new Row(place, setting, inForce, Double.parseDouble(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), m.group(6) != null));
            }
        }
        return out;
    }

    /** What the case measured for the setting; dwell as long as the violation lasted. */
    private static double measured(JsonNode c, String setting) {
        double v = c.get("measurements").get(setting).asDouble();
        if (setting.equals("dwell_s") && !c.get("end").isNull()) {
            double lasted = (Instant.parse(c.get("end").asString()).toEpochMilli()
                    - Instant.parse(c.get("start").asString()).toEpochMilli()) / 1000.0;
            v = Math.max(v, lasted);
        }
        return v;
    }

    @Test
    void theTableCountsTheDecidedCasesEachValueKeepsAndThePatchCarriesThePicks() throws Exception {
        Launcher.Result r = Launcher.run(CommandLineIT.env(), "tune", "--config", history.config.toString(),
                "--rule", "street_vending", "--target-precision", "0.75");
        assertThat(r.exit()).as(r.stderr()).isZero();
        System.out.println(r.stdout());
        List<Row> rows = rows(r.stdout());
        assertThat(history.cases).as("a case per stand long enough").hasSize(6);
        assertThat(history.cases).filteredOn(c -> c.get("status").asString().equals("rejected")).hasSize(2);
        assertThat(rows).extracting(Row::setting).contains("dwell_s", "min_persons", "min_props");
        // by hand: each row's value against every decided case of its place (the other thresholds in force all
        // hold for a case the rule made with the same settings)
        for (Row row : rows) {
            int confirmed = 0;
            int rejected = 0;
            for (JsonNode c : history.cases) {
                if ((c.get("camera").asString() + "/" + c.get("zone").asString()).equals(row.place())
                        && measured(c, row.setting()) >= row.value()) {
                    if (c.get("status").asString().equals("rejected")) {
                        rejected++;
                    } else {
                        confirmed++;
                    }
                }
            }
            assertThat(new int[] {row.confirmed(), row.rejected()}).as("%s", row).containsExactly(confirmed, rejected);
        }
        // the pick: reaches 0.75 and no value reaching it keeps more confirmed cases
        Map<String, Row> picks = new LinkedHashMap<>();
        for (Row row : rows) {
            if (row.pick()) {
                assertThat((double) row.confirmed() / (row.confirmed() + row.rejected())).isGreaterThanOrEqualTo(0.75);
                assertThat(rows).filteredOn(o -> o.place().equals(row.place()) && o.setting().equals(row.setting())
                                && (double) o.confirmed() / Math.max(1, o.confirmed() + o.rejected()) >= 0.75)
                        .allSatisfy(o -> assertThat(o.confirmed()).isLessThanOrEqualTo(row.confirmed()));
                picks.put(row.place() + "/" + row.setting(), row);
            }
        }
        String patch = r.stdout().substring(r.stdout().indexOf("cameras:\n"));
        for (Row p : picks.values()) {
            String camera = p.place().substring(0, p.place().indexOf('/'));
            String zone = p.place().substring(p.place().indexOf('/') + 1);
            String value = p.setting().startsWith("min_") ? Long.toString(Math.round(p.value()))
                    : Double.toString(p.value());
            boolean changes = !value.equals(p.inForce());
            String zoneBlock = zoneBlock(patch, camera, zone);
            if (changes) {
                assertThat(zoneBlock).as("patch for %s", p).contains(p.setting() + ": " + value);
            } else if (zoneBlock != null) {
                assertThat(zoneBlock).doesNotContain(p.setting() + ":");
            }
        }
    }

    @Test
    void aTargetOutsideZeroToOneOrAnUnknownRuleIsRefusedInOneLine() throws Exception {
        Launcher.Result r = Launcher.run(CommandLineIT.env(), "tune", "--config", history.config.toString(),
                "--target-precision", "1.5");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.lastErrorLine()).contains("--target-precision must be between 0 and 1");
        r = Launcher.run(CommandLineIT.env(), "tune", "--config", history.config.toString(), "--rule", "parking");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.lastErrorLine()).contains("no rule parking").contains("street_vending");
        r = Launcher.run(CommandLineIT.env(), "tune", "--config", history.config.toString(), "--zone", "nowhere");
        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).startsWith("nothing to tune");
    }

    /** The rules line the patch gives the camera's zone, or null. */
    private static String zoneBlock(String patch, String camera, String zone) {
        int cam = patch.indexOf("  - id: " + camera + "\n");
        if (cam < 0) {
            return null;
        }
        int next = patch.indexOf("\n  - id: ", cam + 1);
        String block = patch.substring(cam, next < 0 ? patch.length() : next);
        int z = block.indexOf("      - id: " + zone + "\n");
        return z < 0 ? null : block.substring(z).lines().skip(1).findFirst().orElse(null);
    }
}
