/**
 * Cameras and their lifecycle: one reader thread per camera, reconnects with backoff, the fleet applied from
 * config.
 */
package org.streetwatch.ingest.camera;
