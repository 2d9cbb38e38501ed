package org.streetwatch.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/CONFIG.md is generated from the declarations; this keeps the committed copy current. */
class ConfigReferenceTest {

    @Test
    void committedReferenceMatchesTheDeclarations() throws Exception {
        Path doc = Path.of(System.getProperty("streetwatch.root", "..")).resolve("docs/CONFIG.md");
        assertThat(Files.readString(doc))
                .as("docs/CONFIG.md is stale: regenerate it with `./streetwatch config docs > docs/CONFIG.md`")
                .isEqualTo(ConfigCommand.reference());
    }
}
