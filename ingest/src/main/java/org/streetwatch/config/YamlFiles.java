package org.streetwatch.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads YAML documents into trees, turning syntax errors into one-line {@link ConfigException}s. */
public final class YamlFiles {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private YamlFiles() {
    }

    public static JsonNode read(Path file) throws ConfigException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file.toString(), "", "no such file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "", "cannot read: " + e.getMessage());
        }
    }

    public static JsonNode read(InputStream in, String name) throws ConfigException {
        try {
            JsonNode n = YAML.readTree(in);
            return n == null ? YAML.createObjectNode() : n;
        } catch (JacksonException e) {
            TokenStreamLocation loc = e.getLocation();
            String where = loc != null && loc.getLineNr() > 0 ? "line " + loc.getLineNr() + ": " : "";
            throw new ConfigException(name, "", where + "not valid YAML: " + e.getOriginalMessage().lines().findFirst()
                    .orElse("syntax error"));
        }
    }
}
