package org.streetwatch.daemon.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The scenario report: per rule, positives found and missed, false alarms, silent negatives; then the latencies. */
final class Outcomes {

    private Outcomes() {
    }

    /**
     * Writes the report to target/{@code name} under the project root, and prints it.
     *
     * @param outcomes  rule to {true positives, false negatives, false positives, true negatives}
     * @param latencies table rows: rule, scenario, appear + dwell, confirmed, latency
     */
    static void write(String name, Map<String, int[]> outcomes, List<String> latencies) throws IOException {
        StringBuilder md = new StringBuilder("| rule | positives found | positives missed | false alarms "
                + "| negatives silent | precision | recall |\n|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, int[]> e : outcomes.entrySet()) {
            int[] o = e.getValue();
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %s | %s |%n", e.getKey(), o[0], o[1], o[2],
                    o[3], o[0] + o[2] == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", (double) o[0] / (o[0] + o[2])),
                    o[0] + o[1] == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", (double) o[0] / (o[0] + o[1]))));
        }
        md.append("\n| rule | scenario | appear + dwell (s) | confirmed (s) | latency (s) |\n|---|---|---|---|---|\n");
        latencies.forEach(l -> md.append(l).append('\n'));
        save(name, md.toString());
    }

    /** Writes a report to target/{@code name} under the project root, and prints it. */
    static void save(String name, String md) throws IOException {
        Path out = Path.of(System.getProperty("streetwatch.root", "..")).resolve("target").resolve(name);
        Files.createDirectories(out.getParent());
        Files.writeString(out, md);
        System.out.println(md);
    }
}
