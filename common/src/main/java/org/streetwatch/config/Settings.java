package org.streetwatch.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Values parsed and validated against a {@link ConfigDef}: every declared key has a value (its default if the file
 * left it out), except in an overrides parse, which holds only the keys the file set. Immutable.
 */
public final class Settings {

    private final ConfigDef def;
    private final Map<String, Object> values;
    private final String path;

    Settings(ConfigDef def, Map<String, Object> values, String path) {
        this.def = def;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.path = path;
    }

    /** Where these settings sit in the file, e.g. {@code cameras[2]}; for error messages. */
    public String path() {
        return path;
    }

    public boolean isSet(String key) {
        return values.containsKey(key);
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public Object get(String key) {
        def.require(key);
        return values.get(key);
    }

    public boolean getBoolean(String key) {
        return (Boolean) get(key);
    }

    public int getInt(String key) {
        return ((Number) get(key)).intValue();
    }

    public long getLong(String key) {
        return ((Number) get(key)).longValue();
    }

    public double getDouble(String key) {
        return ((Number) get(key)).doubleValue();
    }

    public String getString(String key) {
        return (String) get(key);
    }

    @SuppressWarnings("unchecked")
    public List<String> getStringList(String key) {
        return (List<String>) get(key);
    }

    @SuppressWarnings("unchecked")
    public List<Double> getDoubleList(String key) {
        return (List<Double>) get(key);
    }

    @SuppressWarnings("unchecked")
    public Map<String, String> getStringMap(String key) {
        return (Map<String, String>) get(key);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Double> getDoubleMap(String key) {
        return (Map<String, Double>) get(key);
    }

    @SuppressWarnings("unchecked")
    public List<double[]> getPoints(String key) {
        return (List<double[]>) get(key);
    }

    public Settings getObject(String key) {
        return (Settings) get(key);
    }

    @SuppressWarnings("unchecked")
    public List<Settings> getObjectList(String key) {
        return (List<Settings>) get(key);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Settings> getObjectMap(String key) {
        return (Map<String, Settings>) get(key);
    }

    /** The values as plain data (nested settings as maps, points as lists of numbers), e.g. to write as JSON. */
    public Map<String, Object> plain() {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, plain(v)));
        return out;
    }

    private static Object plain(Object v) {
        if (v instanceof Settings s) {
            return s.plain();
        }
        if (v instanceof double[] d) {
            return java.util.Arrays.stream(d).boxed().toList();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(Settings::plain).toList();
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, plain(x)));
            return out;
        }
        return v;
    }

    /** These settings with every key that {@code overrides} sets replaced by its value (one level deep). */
    public Settings with(Settings overrides) {
        if (overrides == null || overrides.values.isEmpty()) {
            return this;
        }
        Map<String, Object> merged = new LinkedHashMap<>(values);
        merged.putAll(overrides.values);
        return new Settings(def, merged, path);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Settings s && deepEquals(values, s.values);
    }

    @Override
    public int hashCode() {
        return values.keySet().hashCode();
    }

    private static boolean deepEquals(Map<String, Object> a, Map<String, Object> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (var e : a.entrySet()) {
            Object x = e.getValue();
            Object y = b.get(e.getKey());
            if (x instanceof List<?> lx && y instanceof List<?> ly) {
                if (lx.size() != ly.size()) {
                    return false;
                }
                for (int i = 0; i < lx.size(); i++) {
                    Object ex = lx.get(i);
                    Object ey = ly.get(i);
                    boolean same = ex instanceof double[] dx && ey instanceof double[] dy
                            ? java.util.Arrays.equals(dx, dy) : java.util.Objects.equals(ex, ey);
                    if (!same) {
                        return false;
                    }
                }
            } else if (!java.util.Objects.equals(x, y)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return path + values.keySet();
    }
}
