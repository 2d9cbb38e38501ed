package org.streetwatch.evidence.cases;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Every value of a {@link Case}, read from its records' components in their order: the one list the cases table, the
 * manifest, the review API and the export iterate, so that a component added to a record is in all of them.
 */
public final class CaseFields {

    /**
     * One value of a case.
     *
     * @param name its column and manifest key
     * @param api  its key in the review API, or {@link CaseKey#HIDDEN}
     * @param time a wall time in milliseconds
     * @param part the component of {@link Case} that holds it ({@code what} ...), or null for one of Case's own
     * @param self its own record component
     */
    public record Field(String name, String api, CaseKey.Source source, boolean time, RecordComponent part,
                        RecordComponent self) {

        /** The record that holds it: {@link Case} itself or one of its parts ({@link Case.What} ...). */
        public Class<?> owner() {
            return self.getDeclaringRecord();
        }

        /** Its Java type, generics included. */
        public Type type() {
            return self.getGenericType();
        }

        /** Its value in a case; null where the case lacks its part (the verifier's case of the log's values). */
        public Object value(Case c) {
            Object holder = part == null ? c : get(part, c);
            return holder == null ? null : in(holder);
        }

        /** Its value in the record that holds it (an {@link #owner()}). */
        public Object in(Object record) {
            return get(self, record);
        }
    }

    /** Every value, its records' components depth first. */
    public static final List<Field> ALL = fields();

    /** Each record's values by component name, and each record's canonical constructor: looked up once, not per row. */
    private static final Map<Class<?>, Map<String, Field>> BY_OWNER = new HashMap<>();
    private static final Map<Class<?>, Shape> SHAPES = new HashMap<>();

    static {
        for (Field f : ALL) {
            BY_OWNER.computeIfAbsent(f.owner(), o -> new LinkedHashMap<>()).put(f.self().getName(), f);
        }
        shape(Case.class);
        for (RecordComponent c : Case.class.getRecordComponents()) {
            if (part(c)) {
                shape(c.getType());
            }
        }
    }

    /** A record's components in order and its canonical constructor. */
    private record Shape(RecordComponent[] components, Constructor<?> ctor) {
    }

    private CaseFields() {
    }

    /** The values {@code owner} holds, in its components' order. */
    public static List<Field> of(Class<?> owner) {
        return List.copyOf(BY_OWNER.getOrDefault(owner, Map.of()).values());
    }

    /** A case whose every value is {@code value}'s. */
    public static Case build(Function<Field, Object> value) {
        return construct(Case.class, c -> part(c) ? build(c.getType(), value) : value.apply(field(c)));
    }

    /** A part of a case ({@link Case.What} ...) whose every value is {@code value}'s. */
    public static <R> R build(Class<R> part, Function<Field, Object> value) {
        return construct(part, c -> value.apply(field(c)));
    }

    private static Field field(RecordComponent c) {
        return BY_OWNER.get(c.getDeclaringRecord()).get(c.getName());
    }

    private static List<Field> fields() {
        List<Field> out = new ArrayList<>();
        for (RecordComponent c : Case.class.getRecordComponents()) {
            if (part(c)) {
                for (RecordComponent s : c.getType().getRecordComponents()) {
                    out.add(describe(c, s));
                }
            } else {
                out.add(describe(null, c));
            }
        }
        return List.copyOf(out);
    }

    /** A record component of {@link Case} that is one of its parts rather than a value. */
    private static boolean part(RecordComponent c) {
        return c.getType().getDeclaringClass() == Case.class && c.getType().isRecord();
    }

    private static Field describe(RecordComponent part, RecordComponent c) {
        CaseKey key = c.getAnnotation(CaseKey.class);
        String name = key != null && !key.name().isEmpty() ? key.name() : snake(c.getName());
        String api = key == null || key.api().isEmpty() ? name : key.api();
        boolean time = (c.getType() == long.class || c.getType() == Long.class) && c.getName().endsWith("At");
        return new Field(name, api, key == null ? CaseKey.Source.MANIFEST : key.source(), time, part, c);
    }

    private static String snake(String camel) {
        return camel.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    private static Object get(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c, e);
        }
    }

    private static void shape(Class<?> type) {
        RecordComponent[] cs = type.getRecordComponents();
        try {
            SHAPES.put(type, new Shape(cs, type.getDeclaredConstructor(
                    Arrays.stream(cs).map(RecordComponent::getType).toArray(Class<?>[]::new))));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("no canonical constructor of " + type.getSimpleName(), e);
        }
    }

    private static <R> R construct(Class<R> type, Function<RecordComponent, Object> value) {
        Shape shape = SHAPES.get(type);
        try {
            return type.cast(shape.ctor().newInstance(Arrays.stream(shape.components()).map(value).toArray()));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }
}
