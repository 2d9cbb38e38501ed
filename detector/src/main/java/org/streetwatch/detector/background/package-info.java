/**
 * Per-zone background models: what stayed changed in a zone (objects left on the street, wet patches) without a
 * detector class for it.
 */
package org.streetwatch.detector.background;
