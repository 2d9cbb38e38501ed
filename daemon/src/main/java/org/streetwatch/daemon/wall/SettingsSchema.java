package org.streetwatch.daemon.wall;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.Type;

/**
 * A {@link ConfigDef} as JSON for the zone editor's form: each key's type, default, range or choices and its line of
 * documentation, from the same declarations that generate docs/CONFIG.md, so the form cannot drift from the file.
 */
final class SettingsSchema {

    private static final Pattern RANGE = Pattern.compile("\\[(-?[0-9.Ee+]+), (-?[0-9.Ee+]+)\\]");

    private SettingsSchema() {
    }

    static List<Map<String, Object>> of(ConfigDef def) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ConfigDef.Key k : def.keys().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", k.name());
            m.put("type", k.type().name().toLowerCase(java.util.Locale.ROOT));
            m.put("doc", k.doc());
            if (k.nested() != null) {
                m.put("keys", of(k.nested()));
            } else {
                Object d = k.defaultValue();
                m.put("default", d == ConfigDef.REQUIRED || d == ConfigDef.OPTIONAL ? null : d);
                m.put("required", d == ConfigDef.REQUIRED);
                String range = k.validator().describe();
                m.put("range", range.replace("\\|", "|"));
                Matcher r = RANGE.matcher(range);
                if (r.matches() && (k.type() == Type.INT || k.type() == Type.DOUBLE || k.type() == Type.LONG)) {
                    m.put("min", Double.parseDouble(r.group(1)));
                    m.put("max", Double.parseDouble(r.group(2)));
                }
                if (k.type() == Type.STRING && range.contains("\\|")) {
                    m.put("choices", List.of(range.split(" \\\\\\| ")));
                }
            }
            out.add(m);
        }
        return out;
    }
}
