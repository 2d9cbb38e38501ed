/**
 * The violation rules (street vending, stalls, waste water, misparked bikes, uncovered muck trucks, objects
 * left), their settings with typed parameters resolved once per load for every camera and zone ({@link
 * org.streetwatch.detector.rule.RulePlan}), and what they emit: violations with stills, provenance, bureau codes and
 * near misses.
 */
package org.streetwatch.detector.rule;
