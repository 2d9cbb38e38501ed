package org.streetwatch.ingest.frame;

/**
 * A camera's stream ended for good (end of a file processed once, or the camera was removed): analysis may close what
 * it holds open for it. Always delivered after the camera's last frame.
 */
public record StreamEnd(String cameraId) implements Sample {
}
