package org.streetwatch.daemon.tune;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.streetwatch.evidence.tuning.Tuning;

/**
 * The picks that change a value in force, as YAML an operator pastes into the config: per camera, its zones' (or its
 * own) {@code rules} overrides, in the flow style the README's example uses.
 */
public final class Patch {

    private Patch() {
    }

    /** The patch, or a comment saying there is nothing to change. */
    public static String yaml(List<PlaceTuning> places) {
        // camera -> zone (null: the camera itself) -> "rule: {setting: value, ...}" lines
        Map<String, Map<String, List<String>>> cameras = new LinkedHashMap<>();
        for (PlaceTuning p : places) {
            List<String> settings = new ArrayList<>();
            for (Tuning.Result r : p.results()) {
                if (r.changes()) {
                    settings.add(r.setting() + ": " + PlaceTuning.yaml(r, r.pick().value()));
                }
            }
            if (!settings.isEmpty()) {
                cameras.computeIfAbsent(p.place().camera(), c -> new LinkedHashMap<>())
                        .computeIfAbsent(p.zoneOverride() ? p.place().zone() : null, z -> new ArrayList<>())
                        .add(p.place().rule() + ": {" + String.join(", ", settings) + "}");
            }
        }
        if (cameras.isEmpty()) {
            return "# nothing to change: every threshold in force is the pick (or no value reaches the target)\n";
        }
        StringBuilder out = new StringBuilder("cameras:\n");
        cameras.forEach((camera, zones) -> {
            out.append("  - id: ").append(camera).append('\n');
            List<String> own = zones.remove(null);
            if (own != null) {
                out.append("    rules: {").append(String.join(", ", own)).append("}\n");
            }
            if (!zones.isEmpty()) {
                out.append("    zones:\n");
                zones.forEach((zone, rules) -> out.append("      - id: ").append(zone).append('\n')
                        .append("        rules: {").append(String.join(", ", rules)).append("}\n"));
            }
        });
        return out.toString();
    }
}
