/**
 * Zones drawn on a camera's view: polygons, their type, and the schedules that say when each rule applies there.
 */
package org.streetwatch.detector.zone;
