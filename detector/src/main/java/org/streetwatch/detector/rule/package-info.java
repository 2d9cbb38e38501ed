/**
 * The violation rules (street vending, stalls, waste water, misparked bikes, uncovered muck trucks, objects
 * left) and what they emit: violations with stills, provenance, bureau codes and near misses.
 */
package org.streetwatch.detector.rule;
