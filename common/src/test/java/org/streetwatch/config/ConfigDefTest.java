package org.streetwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigDefTest {

    private static final ConfigDef ZONE = new ConfigDef()
            .define("id", Type.STRING, ConfigDef.REQUIRED, Validator.NON_EMPTY, "id")
            .define("polygon", Type.POINTS, ConfigDef.REQUIRED, Validator.UNIT_POLYGON, "outline");
    private static final ConfigDef RULE = new ConfigDef()
            .define("dwell_s", Type.DOUBLE, 180.0, Validator.between(0, 86400), "dwell")
            .define("min_props", Type.INT, 1, Validator.between(0, 100), "props");
    private static final ConfigDef ROOT = new ConfigDef()
            .define("threads", Type.INT, 1, Validator.between(0, 64), "threads")
            .define("name", Type.STRING, "x", "name")
            .defineNested("rule", Type.OBJECT, RULE, "rule")
            .defineNested("zones", Type.OBJECT_LIST, ZONE, "zones")
            .defineOverrides("local", RULE, "overrides");

    private static Settings parse(String yaml) throws ConfigException {
        return ROOT.parse(YamlFiles.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "f.yaml"),
                "f.yaml", "");
    }

    @Test
    void fillsDefaultsAndKeepsOverridesSparse() throws Exception {
        Settings s = parse("zones: [{id: a, polygon: [[0,0],[1,0],[1,1]]}]\nlocal: {dwell_s: 60}\n");
        assertThat(s.getInt("threads")).isEqualTo(1);
        assertThat(s.getObject("rule").getDouble("dwell_s")).isEqualTo(180.0);
        assertThat(s.getObject("local").keys()).containsExactly("dwell_s");
        Settings merged = s.getObject("rule").with(s.getObject("local"));
        assertThat(merged.getDouble("dwell_s")).isEqualTo(60.0);
        assertThat(merged.getInt("min_props")).isEqualTo(1);
        assertThat(s.getObjectList("zones").get(0).getPoints("polygon")).hasSize(3);
    }

    @Test
    void unknownKeyNamesThePathAndSuggestsTheNearestKey() {
        assertThatThrownBy(() -> parse("rule: {dwel_s: 10}"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("f.yaml: rule.dwel_s: unknown key (did you mean dwell_s?); expected one of: dwell_s, min_props");
    }

    @Test
    void wrongTypeSaysWhatWasExpectedAndWhatCame() {
        assertThatThrownBy(() -> parse("threads: four"))
                .hasMessage("f.yaml: threads: expected an integer ([0, 64]), got the string \"four\"");
    }

    @Test
    void outOfRangeSaysTheRange() {
        assertThatThrownBy(() -> parse("rule: {min_props: 101}"))
                .hasMessage("f.yaml: rule.min_props: expected a value in [0, 100], got 101");
    }

    @Test
    void polygonOutOfTheUnitSquareNamesThePoint() {
        assertThatThrownBy(() -> parse("zones: [{id: a, polygon: [[0,0],[1.4,0],[1,1]]}]"))
                .hasMessage("f.yaml: zones[0].polygon[1]: expected a point inside the picture, 0 <= x, y <= 1 "
                        + "(fractions of its width and height), got [1.4, 0]");
    }

    @Test
    void missingRequiredKey() {
        assertThatThrownBy(() -> parse("zones: [{polygon: [[0,0],[1,0],[1,1]]}]"))
                .hasMessage("f.yaml: zones[0].id: missing; expected a string (a non-empty string)");
    }

    @Test
    void aDuplicateKeyIsRefusedNamingTheKeyAndItsLine() {
        assertThatThrownBy(() -> parse("threads: 1\nrule:\n  dwell_s: 10\n  min_props: 2\n  dwell_s: 600\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("f.yaml: line 5: duplicate key dwell_s (each key may appear once)");
        assertThatThrownBy(() -> parse("threads: 1\nname: a\nthreads: 2\n"))
                .hasMessage("f.yaml: line 3: duplicate key threads (each key may appear once)");
    }

    @Test
    void aYamlErrorDoesNotQuoteACameraPassword() {
        assertThatThrownBy(() -> parse("name: \"rtsp://admin:S3cret\"PW99@cam/x\"\n"))
                .hasMessageStartingWith("f.yaml: line 1: not valid YAML").hasMessageNotContaining("PW99")
                .hasMessageNotContaining("S3cret");
    }

    @Test
    void invalidYamlNamesTheLine() {
        assertThatThrownBy(() -> parse("threads: 1\nrule: {dwell_s: [\n"))
                .hasMessageStartingWith("f.yaml: line ");
    }

    @Test
    void documentsEveryKeyOnce() {
        StringBuilder md = new StringBuilder();
        ROOT.document(md, "");
        assertThat(md.toString()).contains("| `rule.dwell_s` | number | `180.0` | [0, 86400] | dwell |")
                .contains("| `zones[].polygon` |");
        assertThat(List.of(md.toString().split("\n"))).filteredOn(l -> l.contains("`threads`")).hasSize(1);
    }
}
