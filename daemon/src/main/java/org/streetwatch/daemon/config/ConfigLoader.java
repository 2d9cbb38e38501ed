package org.streetwatch.daemon.config;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.ConfigException;
import org.streetwatch.config.Settings;
import org.streetwatch.config.YamlFiles;
import org.streetwatch.daemon.fleet.ClusterOptions;
import org.streetwatch.detector.DetectorConfig;
import org.streetwatch.detector.aim.AimCheck;
import org.streetwatch.detector.analysis.MotionGate;
import org.streetwatch.detector.rule.RuleType;
import org.streetwatch.detector.sampling.SamplingPolicy;
import org.streetwatch.detector.rule.Rules;
import org.streetwatch.detector.track.Tracker;
import org.streetwatch.evidence.disposition.DispositionsConfig;
import org.streetwatch.evidence.export.ExportConfig;
import org.streetwatch.evidence.store.EvidenceConfig;
import org.streetwatch.ingest.camera.IngestConfig;
import org.streetwatch.review.api.ReviewConfig;
import org.streetwatch.review.http.HttpConfig;
import tools.jackson.databind.JsonNode;

/**
 * Reads and validates streetwatch.yaml: the schema's types and ranges first, then each section owner's checks of what
 * spans its keys, then unique ids across cameras; the result is the plan of typed parameters. Every problem is one
 * {@link ConfigException} line naming the file and the path.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    public static StreetwatchConfig load(Path file) throws ConfigException {
        return load(file, YamlFiles.read(file));
    }

    /** The config in {@code content}, bytes read from {@code file} (paths in it resolve beside the file). */
    public static StreetwatchConfig load(Path file, byte[] content) throws ConfigException {
        return load(file, YamlFiles.read(new ByteArrayInputStream(content), file.toString()));
    }

    private static StreetwatchConfig load(Path file, JsonNode tree) throws ConfigException {
        List<RuleType<?>> types = Rules.ALL;
        ConfigDef root = Schema.root(types);
        String name = file.toString();
        Path base = file.toAbsolutePath().getParent();
        Settings s = root.parse(tree, name, "");
        EvidenceConfig.validate(s.getObject(Schema.EVIDENCE), name);
        IngestConfig.validate(s.getObject(Schema.INGEST), name);
        ExportConfig.validate(s.getObject(Schema.EXPORT), name, base);
        ClusterOptions.validate(s.getObject(Schema.CLUSTER), name, base);
        DetectorConfig.validate(s.getObject(Schema.DETECTOR), name);
        EvidenceConfig.Params evidence = EvidenceConfig.Params.of(s.getObject(Schema.EVIDENCE));
        IngestConfig.Params ingest = IngestConfig.Params.of(s.getObject(Schema.INGEST));
        Map<String, Settings> rules = new LinkedHashMap<>();
        for (RuleType<?> t : types) {
            rules.put(t.name(), s.getObject(Schema.RULES).getObject(t.name()));
        }
        List<StreetwatchConfig.CameraConfig> cameras = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<Settings> cams = s.getObjectList(Schema.CAMERAS);
        for (int i = 0; i < cams.size(); i++) {
            String at = "cameras[" + i + "]";
            String id = cams.get(i).getString(CameraSection.ID);
            if (!ids.add(id)) {
                throw new ConfigException(name, at + ".id", "expected a unique camera id; '" + id + "' is used twice");
            }
            StreetwatchConfig.CameraConfig camera = CameraSection.of(cams.get(i), name, at, base, ingest,
                    evidence.timeZone());
            Rules.validate(rules, camera.ruleOverrides(), camera.zones(), name, at);
            cameras.add(camera);
        }
        return new StreetwatchConfig(file, s, rules, Tracker.Params.of(s.getObject(Schema.TRACKER)),
                List.copyOf(cameras),
                HttpConfig.Params.of(s.getObject(Schema.HTTP)), ingest, evidence,
                ReviewConfig.Params.of(s.getObject(Schema.REVIEW)), ExportConfig.Params.of(s.getObject(Schema.EXPORT)),
                DispositionsConfig.Params.of(s.getObject(Schema.DISPOSITIONS)),
                ClusterOptions.Params.of(s.getObject(Schema.CLUSTER)),
                DetectorConfig.Params.of(s.getObject(Schema.DETECTOR)),
                MotionGate.Params.of(s.getObject(Schema.MOTION)),
                AimCheck.Params.of(s.getObject(Schema.CAMERA_CHECK)),
                SamplingPolicy.Params.of(s.getObject(Schema.SAMPLING), ingest.sampleIntervalS(), false));
    }
}
