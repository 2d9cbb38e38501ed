package org.streetwatch.daemon.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where models are looked for when the config does not say: $STREETWATCH_MODELS, then ./models, then the models
 * folder of the streetwatch checkout the launcher runs from (where models/fetch puts the weights).
 */
public final class ModelDirs {

    public static final String ENV = "STREETWATCH_MODELS";

    private ModelDirs() {
    }

    public static List<Path> defaults() {
        List<Path> dirs = new ArrayList<>();
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            dirs.add(Path.of(env).toAbsolutePath().normalize());
        }
        dirs.add(Path.of("models").toAbsolutePath().normalize());
        String home = System.getProperty("streetwatch.home");
        if (home != null) {
            Path p = Path.of(home, "models").toAbsolutePath().normalize();
            if (!dirs.contains(p)) {
                dirs.add(p);
            }
        }
        return dirs;
    }
}
