package org.streetwatch.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The type of a setting, and how a YAML node becomes a Java value of it. */
public enum Type {
    BOOLEAN("boolean"),
    INT("integer"),
    LONG("integer"),
    DOUBLE("number"),
    STRING("string"),
    STRING_LIST("list of strings"),
    DOUBLE_LIST("list of numbers"),
    /** A mapping of names to strings; values are {@code Map<String, String>}. */
    STRING_MAP("mapping of name to string"),
    /** A mapping of names to numbers; values are {@code Map<String, Double>}. */
    DOUBLE_MAP("mapping of name to number"),
    /** A list of [x, y] points; values are {@code List<double[]>}. */
    POINTS("list of [x, y] points"),
    /** A nested mapping with its own definition; values are {@link Settings}. */
    OBJECT("mapping"),
    /** A list of mappings with one definition; values are {@code List<Settings>}. */
    OBJECT_LIST("list of mappings"),
    /** A mapping from free-form names to mappings of one definition; values are {@code Map<String, Settings>}. */
    OBJECT_MAP("mapping of name to mapping");

    private final String words;

    Type(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }

    /** Converts a scalar or list node; returns null if the node is not of this type. Nested types are not handled here. */
    Object scalar(JsonNode n) {
        switch (this) {
            case BOOLEAN:
                return n.isBoolean() ? n.booleanValue() : null;
            case INT:
                return n.isIntegralNumber() && n.canConvertToInt() ? n.intValue() : null;
            case LONG:
                return n.isIntegralNumber() && n.canConvertToLong() ? n.longValue() : null;
            case DOUBLE:
                return n.isNumber() ? n.doubleValue() : null;
            case STRING:
                return n.isString() ? n.stringValue() : n.isNumber() ? n.asString() : null;
            case STRING_LIST: {
                if (!n.isArray()) {
                    return null;
                }
                List<String> out = new ArrayList<>();
                for (JsonNode e : n.values()) {
                    if (!e.isString()) {
                        return null;
                    }
                    out.add(e.stringValue());
                }
                return out;
            }
            case DOUBLE_LIST: {
                if (!n.isArray()) {
                    return null;
                }
                List<Double> out = new ArrayList<>();
                for (JsonNode e : n.values()) {
                    if (!e.isNumber()) {
                        return null;
                    }
                    out.add(e.doubleValue());
                }
                return out;
            }
            case STRING_MAP: {
                if (!n.isObject()) {
                    return null;
                }
                Map<String, String> out = new LinkedHashMap<>();
                for (var e : n.properties()) {
                    if (!e.getValue().isString()) {
                        return null;
                    }
                    out.put(e.getKey(), e.getValue().stringValue());
                }
                return Collections.unmodifiableMap(out);
            }
            case DOUBLE_MAP: {
                if (!n.isObject()) {
                    return null;
                }
                Map<String, Double> out = new LinkedHashMap<>();
                for (var e : n.properties()) {
                    if (!e.getValue().isNumber()) {
                        return null;
                    }
                    out.put(e.getKey(), e.getValue().doubleValue());
                }
                return Collections.unmodifiableMap(out);
            }
            case POINTS: {
                if (!n.isArray()) {
                    return null;
                }
                List<double[]> out = new ArrayList<>();
                for (JsonNode e : n.values()) {
                    if (!e.isArray() || e.size() != 2 || !e.get(0).isNumber() || !e.get(1).isNumber()) {
                        return null;
                    }
                    out.add(new double[] {e.get(0).doubleValue(), e.get(1).doubleValue()});
                }
                return out;
            }
            default:
                throw new IllegalStateException(this + " is not a scalar type");
        }
    }
}
