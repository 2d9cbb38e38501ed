package org.streetwatch.ingest.source;

import java.io.IOException;
import org.streetwatch.redact.SafeUrl;

/** A camera or file could not be opened or read. The message never contains credentials. */
public final class SourceException extends IOException {

    public SourceException(String message) {
        super(SafeUrl.redact(message));
    }
}
