package org.streetwatch.ingest.frame;

/** What a camera hands to analysis: a decoded {@link Frame}, or the news that its stream ended. */
public sealed interface Sample permits Frame, StreamEnd {

    String cameraId();
}
