package org.streetwatch.evidence.cases;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How a {@link Case} record component is named where its name is older than the records, and what vouches for its
 * value. A component without it is its snake_case name everywhere (column, manifest key, API key, export field) and
 * is vouched for by the signed manifest. A {@code long} or {@code Long} component named {@code ...At} is a wall time
 * in milliseconds: the API shows it as an ISO-8601 instant, the export as a Timestamp.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface CaseKey {

    /** The API's key for a value it does not show. */
    String HIDDEN = "-";

    /** Its name as column, manifest key and API key, when not its snake_case name. */
    String name() default "";

    /** Its key in the review API when not its name; {@link #HIDDEN} for a value the API does not show. */
    String api() default "";

    /** What vouches for its value in the verifier's eyes. */
    Source source() default Source.MANIFEST;

    /** What vouches for a value: the signed manifest, the signed case log, or nothing (the key). */
    enum Source { MANIFEST, LOG, KEY }
}
