package org.streetwatch.detector;

import org.streetwatch.violation.Box;

/**
 * One object found in one picture.
 *
 * @param classId the model's class index
 * @param label   the model's class name
 * @param kind    what the rules call it (person, bicycle, truck, vending_prop, ...), or null if no rule cares
 * @param box     in source-image pixels
 */
public record Detection(int classId, String label, String kind, float score, Box box) {
}
