package org.streetwatch.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Checks a parsed value; {@link #describe()} is what the reference and the error message call "expected". */
public interface Validator {

    /** Returns null if the value is valid, else what was expected. */
    String check(Object value);

    String describe();

    /**
     * What is wrong with a value, precisely: an element's path below the setting ("[2]"), what was expected and
     * what was found (null: the whole value is shown). Null if the value is valid.
     */
    record Problem(String subPath, String expected, String got) {
    }

    default Problem problem(Object value) {
        String expected = check(value);
        return expected == null ? null : new Problem("", expected, null);
    }

    Validator ANY = new Validator() {
        @Override
        public String check(Object value) {
            return null;
        }

        @Override
        public String describe() {
            return "";
        }
    };

    /** A number in [min, max]. */
    static Validator between(double min, double max) {
        return new Validator() {
            @Override
            public String check(Object v) {
                double d = ((Number) v).doubleValue();
                return d >= min && d <= max ? null : "a value in [" + fmt(min) + ", " + fmt(max) + "]";
            }

            @Override
            public String describe() {
                return "[" + fmt(min) + ", " + fmt(max) + "]";
            }
        };
    }

    /** A number of at least min. */
    static Validator atLeast(double min) {
        return new Validator() {
            @Override
            public String check(Object v) {
                return ((Number) v).doubleValue() >= min ? null : "a value >= " + fmt(min);
            }

            @Override
            public String describe() {
                return ">= " + fmt(min);
            }
        };
    }

    /** One of the given strings (case-insensitive). */
    static Validator oneOf(String... allowed) {
        List<String> list = List.of(allowed);
        return new Validator() {
            @Override
            public String check(Object v) {
                return list.contains(((String) v).toLowerCase(Locale.ROOT)) ? null : "one of " + String.join(", ", list);
            }

            @Override
            public String describe() {
                return String.join(" \\| ", list);
            }
        };
    }

    /** A string matching the regular expression, described in words. */
    static Validator matches(String regex, String words) {
        Pattern p = Pattern.compile(regex);
        return new Validator() {
            @Override
            public String check(Object v) {
                return p.matcher((String) v).matches() ? null : words;
            }

            @Override
            public String describe() {
                return words;
            }
        };
    }

    /** A non-empty string. */
    Validator NON_EMPTY = matches("(?s).*\\S.*", "a non-empty string");

    /**
     * A validator that says precisely what is wrong: {@code problem} gives the element's path, what was expected and
     * what was found, or null for a valid value; {@code words} describe the whole value.
     */
    static Validator precise(String words, java.util.function.Function<Object, Problem> problem) {
        return new Validator() {
            @Override
            public String check(Object v) {
                Problem p = problem.apply(v);
                return p == null ? null : p.expected();
            }

            @Override
            public Problem problem(Object v) {
                return problem.apply(v);
            }

            @Override
            public String describe() {
                return words;
            }
        };
    }

    /** A polygon of at least three points, each inside the unit square. */
    Validator UNIT_POLYGON = precise(">= 3 points [x, y], 0 <= x, y <= 1", v -> {
        @SuppressWarnings("unchecked")
        List<double[]> pts = (List<double[]>) v;
        if (pts.size() < 3) {
            return new Problem("", "a polygon of at least 3 points", pts.size() + " points");
        }
        for (int i = 0; i < pts.size(); i++) {
            double[] p = pts.get(i);
            if (p[0] < 0 || p[0] > 1 || p[1] < 0 || p[1] > 1) {
                return new Problem("[" + i + "]", "a point inside the picture, 0 <= x, y <= 1 (fractions of its "
                        + "width and height)", "[" + fmt(p[0]) + ", " + fmt(p[1]) + "]");
            }
        }
        return null;
    });

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
