package org.streetwatch.ingest.source;

import java.io.IOException;

/** A camera or file could not be opened or read. The message never contains credentials. */
public final class SourceException extends IOException {

    public SourceException(String message) {
        super(SafeUrl.redact(message));
    }
}
