/**
 * Multi-object tracking: tracks with identities across pictures, matched by the Hungarian method.
 */
package org.streetwatch.detector.track;
