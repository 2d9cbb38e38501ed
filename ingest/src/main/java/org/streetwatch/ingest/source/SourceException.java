package org.streetwatch.ingest.source;

import java.io.IOException;

/** A camera or file could not be opened or read. The message never contains credentials. */
public final class SourceException extends IOException {

    public SourceException(String message) {
        super(SafeUrl.redact(message));
    }

    public SourceException(String message, Throwable cause) {
        // the cause's own message (FFmpeg quotes the URL) is folded in redacted, the cause itself is not kept
        super(SafeUrl.redact(message + (cause.getMessage() == null ? "" : ": " + cause.getMessage())));
    }
}
