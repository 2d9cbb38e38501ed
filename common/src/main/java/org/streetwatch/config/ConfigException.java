package org.streetwatch.config;

import org.streetwatch.redact.SafeUrl;

/**
 * A configuration that cannot be used. The message is one line that names the file, the path inside it and what was
 * expected, e.g. {@code streetwatch.yaml: cameras[0].zones[1].polygon[2]: expected a point [x, y] with 0 <= x, y <= 1}.
 */
public final class ConfigException extends Exception {

    private final String file;
    private final String path;

    public ConfigException(String file, String path, String problem) {
        this(file, path, problem, null);
    }

    /** A problem found while using the setting (a model that does not load, a sink that does not open). */
    public ConfigException(String file, String path, String problem, Throwable cause) {
        super(file + ": " + (path.isEmpty() ? "" : path + ": ") + SafeUrl.redact(problem), cause);
        this.file = file;
        this.path = path;
    }

    public String file() {
        return file;
    }

    public String path() {
        return path;
    }
}
