package org.streetwatch.detector.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.streetwatch.config.ConfigException;
import org.streetwatch.config.YamlFiles;
import org.streetwatch.hash.Sha256;
import tools.jackson.databind.JsonNode;

/**
 * Finds model descriptors ({@code NAME.yaml}) and their weights in the models folders, in order, then in the
 * descriptors built into the jar; checks each weights file against the descriptor's SHA-256.
 */
public final class ModelCatalog {

    private final List<Path> dirs;

    /** @param dirs folders searched in order for descriptors and weights */
    public ModelCatalog(List<Path> dirs) {
        this.dirs = List.copyOf(dirs);
    }

    public List<Path> dirs() {
        return dirs;
    }

    /** Reads and checks {@code NAME.yaml}: from the first models folder that has it, else from the jar. */
    public ModelDescriptor descriptor(String name) throws ModelException {
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new ModelException("model name '" + name + "' may only contain letters, digits, '_', '-' and '.'");
        }
        try {
            for (Path dir : dirs) {
                Path yaml = dir.resolve(name + ".yaml");
                if (Files.isRegularFile(yaml)) {
                    return parse(YamlFiles.read(yaml), yaml.toString());
                }
            }
            try (InputStream in = ModelCatalog.class.getResourceAsStream("/models/" + name + ".yaml")) {
                if (in != null) {
                    return parse(YamlFiles.read(in, "models/" + name + ".yaml"), "models/" + name + ".yaml");
                }
            }
        } catch (ConfigException e) {
            throw new ModelException(e.getMessage(), e);
        } catch (IOException e) {
            throw new ModelException("model " + name + ": cannot read descriptor: " + e.getMessage(), e);
        }
        throw new ModelException("model " + name + ": no descriptor " + name + ".yaml in " + dirs
                + " or built in (built in: yolox_nano, fastestdet_352)");
    }

    /** Parses and cross-checks a descriptor tree. */
    static ModelDescriptor parse(JsonNode tree, String file) throws ConfigException {
        return ModelDescriptor.of(ModelDescriptor.CONFIG.parse(tree, file, ""), file);
    }

    /** The weights file of a descriptor, from the first models folder that has it, checked against its SHA-256. */
    public Path weights(ModelDescriptor d) throws ModelException {
        for (Path dir : dirs) {
            Path f = dir.resolve(d.file());
            if (Files.isRegularFile(f)) {
                String actual = sha256(f);
                if (!actual.equals(d.sha256())) {
                    throw new ModelException("model " + d.name() + ": " + f + " has SHA-256 " + actual
                            + " but the descriptor expects " + d.sha256() + " (wrong or corrupt file)");
                }
                return f;
            }
        }
        throw new ModelException("model " + d.name() + ": weights file " + d.file() + " not found in " + dirs
                + "; run `models/fetch " + d.name() + "` or set STREETWATCH_MODELS to a folder that holds it");
    }

    public static String sha256(Path f) throws ModelException {
        try {
            return Sha256.of(f);
        } catch (IOException e) {
            throw new ModelException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }
}
