/**
 * How often each camera is analysed: the rate its zones and the rules active in them need right now, the motion seen
 * there, or a rate the operator pinned. Owns the policy only; ingest's sampler applies the interval.
 */
package org.streetwatch.detector.sampling;
