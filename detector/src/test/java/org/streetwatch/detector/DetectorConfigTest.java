package org.streetwatch.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.streetwatch.config.YamlFiles;
import org.streetwatch.detector.inference.Detector;
import org.streetwatch.detector.inference.Tiling;

/** The detector section read once into typed parameters, units converted. */
class DetectorConfigTest {

    private static DetectorConfig.Params params(String yaml) throws Exception {
        return DetectorConfig.Params.of(DetectorConfig.CONFIG.parse(YamlFiles.read(
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml"), "test.yaml", "detector"));
    }

    @Test
    void settingsBecomeTypedParametersAndTheDetectorsOptions() throws Exception {
        DetectorConfig.Params p = params("{threads: 2, workers: 4, max_wait_ms: 250, tiles: 2x1, zone_crop: true, "
                + "zone_crop_max: 0.5}");
        assertThat(p.model()).isEqualTo("yolox_nano");
        assertThat(p.maxWait()).isEqualTo(Duration.ofMillis(250));
        assertThat(p.tiles()).isEqualTo(Tiling.parse("2x1"));
        assertThat(p.zoneCrop().enabled()).isTrue();
        assertThat(p.zoneCrop().maxShare()).isEqualTo(0.5);
        Detector.Options o = p.options(0.1);
        assertThat(o).isEqualTo(new Detector.Options(2, 1, 1, 4, 1, 250, false, 0.1, false, true));
    }

    @Test
    void boxesArePackedOnlyWhereTheyAreCropped() throws Exception {
        assertThat(params("{zone_crop: true, zone_pack: true}").options(0).pack()).isTrue();
        assertThat(params("{zone_crop: false, zone_pack: true}").options(0).pack()).isFalse();
        assertThat(params("{zone_crop: true}").options(0).pack()).isFalse();
    }
}
