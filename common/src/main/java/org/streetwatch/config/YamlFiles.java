package org.streetwatch.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads YAML documents into trees, turning syntax errors into one-line {@link ConfigException}s. A key given twice in
 * one mapping is refused: silently keeping the last value hides the mistake (an override that never applies).
 */
public final class YamlFiles {

    private static final YAMLMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    /** How Jackson reports a key given twice. */
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate Object property \"(.*)\"");

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
            String problem = e.getOriginalMessage().lines().findFirst().orElse("syntax error");
            Matcher dup = DUPLICATE.matcher(problem);
            throw new ConfigException(name, "", where + (dup.matches()
                    ? "duplicate key " + dup.group(1) + " (each key may appear once)" : "not valid YAML: " + problem));
        }
    }
}
