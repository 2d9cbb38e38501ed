package org.streetwatch.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The declaration of a mapping's settings, in the style of Kafka's ConfigDef: each key declared once, with its type,
 * default, valid range and one line of documentation. Parsing checks types, ranges, required keys and unknown keys,
 * and every error names the file, the path in it and what was expected. The same declarations generate the config
 * reference ({@link #document}), so the documentation cannot drift from the code.
 */
public final class ConfigDef {

    /** Marks a key that has no default and must be given. */
    public static final Object REQUIRED = new Object() {
        @Override
        public String toString() {
            return "(required)";
        }
    };

    /** Marks a key with no default that may be left out (its value is then null). */
    public static final Object OPTIONAL = new Object() {
        @Override
        public String toString() {
            return "(optional)";
        }
    };

    /**
     * One declared key. {@code nested} describes the elements of OBJECT, OBJECT_LIST and OBJECT_MAP keys;
     * {@code overrides} marks a nested mapping that only overrides settings declared elsewhere (no defaults).
     */
    public record Key(String name, Type type, Object defaultValue, Validator validator, String doc, ConfigDef nested,
                      boolean overrides) {
    }

    private final Map<String, Key> keys = new LinkedHashMap<>();

    public ConfigDef define(String name, Type type, Object defaultValue, Validator validator, String doc) {
        if (type == Type.OBJECT || type == Type.OBJECT_LIST || type == Type.OBJECT_MAP) {
            throw new IllegalArgumentException("use defineNested for " + type);
        }
        return add(new Key(name, type, defaultValue, validator == null ? Validator.ANY : validator, doc, null, false));
    }

    public ConfigDef define(String name, Type type, Object defaultValue, String doc) {
        return define(name, type, defaultValue, null, doc);
    }

    /** A nested mapping, list of mappings, or name-to-mapping map, whose elements follow {@code nested}. */
    public ConfigDef defineNested(String name, Type type, ConfigDef nested, String doc) {
        if (type != Type.OBJECT && type != Type.OBJECT_LIST && type != Type.OBJECT_MAP) {
            throw new IllegalArgumentException(type + " is not a nested type");
        }
        return add(new Key(name, type, null, Validator.ANY, doc, Objects.requireNonNull(nested), false));
    }

    /**
     * A nested mapping of overrides: only the keys it sets are kept (no defaults, none required), to be layered over
     * the same settings given elsewhere (a camera's rule settings over the global ones).
     */
    public ConfigDef defineOverrides(String name, ConfigDef nested, String doc) {
        return add(new Key(name, Type.OBJECT, null, Validator.ANY, doc, Objects.requireNonNull(nested), true));
    }

    private ConfigDef add(Key k) {
        if (keys.putIfAbsent(k.name(), k) != null) {
            throw new IllegalArgumentException("setting " + k.name() + " declared twice");
        }
        return this;
    }

    public Map<String, Key> keys() {
        return java.util.Collections.unmodifiableMap(keys);
    }

    void require(String key) {
        if (!keys.containsKey(key)) {
            throw new IllegalArgumentException("no setting named " + key + " is declared");
        }
    }

    /** Parses a mapping, filling defaults. {@code path} is where the node sits ("" for the document root). */
    public Settings parse(JsonNode node, String file, String path) throws ConfigException {
        return parse(node, file, path, false);
    }

    /** Every key at its default. Throws if a key is required (it has no default to give). */
    public Settings defaults() {
        try {
            return parse(null, "defaults", "");
        } catch (ConfigException e) {
            throw new IllegalStateException("no defaults: " + e.getMessage(), e);
        }
    }

    /** Parses a mapping of overrides: only the keys present are kept, none is required. */
    public Settings parseOverrides(JsonNode node, String file, String path) throws ConfigException {
        return parse(node, file, path, true);
    }

    private Settings parse(JsonNode node, String file, String path, boolean overrides) throws ConfigException {
        if (node == null || node.isNull() || node.isMissingNode()) {
            node = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            throw new ConfigException(file, path, "expected a mapping of settings, got " + describe(node));
        }
        for (String name : node.propertyNames()) {
            if (!keys.containsKey(name)) {
                throw new ConfigException(file, join(path, name), "unknown key" + suggestion(name)
                        + "; expected one of: " + String.join(", ", keys.keySet()));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Key k : keys.values()) {
            JsonNode v = node.get(k.name());
            String at = join(path, k.name());
            if (v == null || v.isNull()) {
                if (overrides) {
                    continue;
                }
                if (k.defaultValue() == REQUIRED) {
                    throw new ConfigException(file, at, "missing; expected " + expected(k));
                }
                Object dflt = defaultOf(k, file, at);
                if (dflt != null) {
                    values.put(k.name(), dflt);
                } else {
                    values.put(k.name(), null);
                }
                continue;
            }
            values.put(k.name(), convert(k, v, file, at, overrides));
        }
        return new Settings(this, values, path);
    }

    private Object defaultOf(Key k, String file, String at) throws ConfigException {
        switch (k.type()) {
            case OBJECT:
                return k.nested().parse(null, file, at, k.overrides());
            case OBJECT_LIST:
                return List.of();
            case OBJECT_MAP:
                return Map.of();
            default:
                return k.defaultValue() == OPTIONAL ? null : k.defaultValue();
        }
    }

    private Object convert(Key k, JsonNode v, String file, String at, boolean overrides) throws ConfigException {
        switch (k.type()) {
            case OBJECT:
                return k.nested().parse(v, file, at, overrides || k.overrides());
            case OBJECT_LIST: {
                if (!v.isArray()) {
                    throw new ConfigException(file, at, "expected a list of mappings, got " + describe(v));
                }
                List<Settings> out = new ArrayList<>();
                int i = 0;
                for (JsonNode e : v.values()) {
                    out.add(k.nested().parse(e, file, at + "[" + i++ + "]", false));
                }
                return List.copyOf(out);
            }
            case OBJECT_MAP: {
                if (!v.isObject()) {
                    throw new ConfigException(file, at, "expected a mapping of names to mappings, got " + describe(v));
                }
                Map<String, Settings> out = new LinkedHashMap<>();
                for (var e : v.properties()) {
                    out.put(e.getKey(), k.nested().parse(e.getValue(), file, join(at, e.getKey()), overrides));
                }
                return java.util.Collections.unmodifiableMap(out);
            }
            default: {
                Object value = k.type().scalar(v);
                if (value == null) {
                    throw new ConfigException(file, at, "expected " + expected(k) + ", got " + describe(v));
                }
                Validator.Problem problem = k.validator().problem(value);
                if (problem != null) {
                    throw new ConfigException(file, at + problem.subPath(), "expected " + problem.expected() + ", got "
                            + (problem.got() != null ? problem.got() : render(v)));
                }
                return value;
            }
        }
    }

    private static String expected(Key k) {
        String words = k.type().words();
        String article = "aeiou".indexOf(words.charAt(0)) >= 0 ? "an " : "a ";
        String range = k.validator().describe();
        return article + words + (range.isEmpty() ? "" : " (" + range.replace("\\|", "|") + ")");
    }

    private static String describe(JsonNode v) {
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isString()) {
            return "the string \"" + v.stringValue() + "\"";
        }
        if (v.isBoolean()) {
            return "the boolean " + v.booleanValue();
        }
        return v.isNumber() ? "the number " + v.asString() : v.getNodeType().toString().toLowerCase();
    }

    private static String render(JsonNode v) {
        String s = v.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private String suggestion(String name) {
        String best = keys.keySet().stream().min(Comparator.comparingInt(k -> distance(k, name))).orElse(null);
        return best != null && distance(best, name) <= Math.max(2, name.length() / 3) ? " (did you mean " + best + "?)"
                : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** Appends one Markdown table row per key (nested keys under their parent's path). */
    public void document(StringBuilder out, String prefix) {
        for (Key k : keys.values()) {
            String name = prefix + k.name();
            switch (k.type()) {
                case OBJECT:
                    out.append("| `").append(name).append("` | mapping | | | ").append(k.doc()).append(" |\n");
                    if (!k.overrides()) {
                        k.nested().document(out, name + ".");
                    }
                    break;
                case OBJECT_LIST:
                    out.append("| `").append(name).append("` | list | `[]` | | ").append(k.doc()).append(" |\n");
                    k.nested().document(out, name + "[].");
                    break;
                case OBJECT_MAP:
                    out.append("| `").append(name).append(".NAME` | mapping | | | ").append(k.doc()).append(" |\n");
                    k.nested().document(out, name + ".NAME.");
                    break;
                default:
                    out.append("| `").append(name).append("` | ").append(k.type().words()).append(" | ")
                            .append(defaultText(k.defaultValue())).append(" | ").append(k.validator().describe())
                            .append(" | ").append(k.doc()).append(" |\n");
            }
        }
    }

    private static String defaultText(Object d) {
        if (d == REQUIRED || d == OPTIONAL) {
            return d.toString();
        }
        if (d instanceof List<?> l && l.isEmpty()) {
            return "`[]`";
        }
        if (d instanceof Map<?, ?> m && m.isEmpty()) {
            return "`{}`";
        }
        if ("".equals(d)) {
            return "`\"\"`";
        }
        return "`" + d + "`";
    }
}
