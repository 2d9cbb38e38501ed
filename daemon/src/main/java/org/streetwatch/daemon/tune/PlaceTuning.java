package org.streetwatch.daemon.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.evidence.tuning.History;
import org.streetwatch.evidence.tuning.Tuning;

/**
 * One rule in one camera's zone, tuned against the settings the config gives it there.
 *
 * @param zoneOverride true if the zone is in the config (the patch is a zone override); false for a place that is the
 *                     camera as a whole (the bike rule's {@code outside-bays}): a camera override
 */
public record PlaceTuning(History.Place place, History.Events events, boolean zoneOverride,
                          List<Tuning.Result> results) {

    /** Each place of the history whose camera is still configured, tuned; in place order. */
    public static List<PlaceTuning> of(StreetwatchConfig cfg, Map<History.Place, History.Events> history,
                                       double target) {
        List<PlaceTuning> out = new ArrayList<>();
        history.forEach((place, events) -> cfg.cameras().stream().filter(c -> c.id().equals(place.camera()))
                .findFirst().ifPresent(camera -> {
                    Zone zone = camera.zones().stream().filter(z -> z.id().equals(place.zone())).findFirst()
                            .orElse(null);
                    if (cfg.rules().containsKey(place.rule())) {
                        Map<String, Object> inForce = cfg.scene(camera).settings(place.rule(), zone).plain();
                        out.add(new PlaceTuning(place, events, zone != null,
                                Tuning.tune(inForce, events.decided(), events.nearMisses(), target)));
                    }
                }));
        return out;
    }

    /** The value as the config writes it: a whole number for a whole-number setting. */
    public static String yaml(Tuning.Result r, double value) {
        return r.integral() ? Long.toString(Math.round(value)) : Double.toString(value);
    }

    /** The table for people: one block per threshold, its pick marked. */
    public String table() {
        StringBuilder out = new StringBuilder();
        int confirmed = events.confirmed();
        out.append(String.format(Locale.ROOT, "%s  camera %s  zone %s: %d decided (%d confirmed, %d rejected), "
                        + "%d near misses%n", place.rule(), place.camera(), place.zone(), events.decided().size(),
                confirmed, events.decided().size() - confirmed, events.nearMisses().size()));
        for (Tuning.Result r : results) {
            out.append(String.format(Locale.ROOT, "  %s (in force %s)%n", r.setting(), yaml(r, r.current())));
            out.append(String.format(Locale.ROOT, "  %10s %10s %9s %10s %18s%n", "value", "confirmed", "rejected",
                    "precision", "near misses added"));
            for (Tuning.Row row : r.rows()) {
                out.append(String.format(Locale.ROOT, "  %10s %10d %9d %10s %18d%s%n", yaml(r, row.value()),
                        row.confirmed(), row.rejected(), Double.isNaN(row.precision()) ? "-"
                                : String.format(Locale.ROOT, "%.2f", row.precision()), row.nearMisses(),
                        row.equals(r.pick()) ? "  <- pick" + (r.changes() ? "" : " (in force)") : ""));
            }
            if (r.pick() == null) {
                out.append("  no value reaches the target precision\n");
            }
        }
        return out.toString();
    }
}
