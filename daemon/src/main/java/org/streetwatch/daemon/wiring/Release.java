package org.streetwatch.daemon.wiring;

/** This build of streetwatch: what {@code --version} prints and every case records. */
public final class Release {

    public static final String VERSION = "0.1.0";

    private Release() {
    }
}
