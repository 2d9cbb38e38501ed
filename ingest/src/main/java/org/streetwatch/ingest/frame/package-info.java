/**
 * Decoded frames and the bounded queue that hands them to the detector; what happens when it is full is decided
 * here.
 */
package org.streetwatch.ingest.frame;
