package org.streetwatch.daemon.wiring;

import java.util.Map;
import java.util.function.Function;
import org.streetwatch.config.Settings;
import org.streetwatch.detector.analysis.Scene;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.detector.rule.EventCodes;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.violation.NearMiss;
import org.streetwatch.violation.Provenance;
import org.streetwatch.violation.Violation;
import org.streetwatch.violation.ViolationSink;

/**
 * Adds to each confirmed violation what produced it — the model, the rule's settings in force for its camera and
 * zone, the config's hash, the software version, the camera's clock offset — and how the command centre files it
 * (the event code in force, the zone's grid cell and position), and hands it on to the case recorder.
 * Called on analysis threads; the config hash is swapped by a reload.
 */
final class ProvenanceSink implements ViolationSink {

    private final ViolationSink next;
    private final ModelDescriptor model;
    private final Function<String, Scene> scenes;
    private volatile String configSha256;

    ProvenanceSink(ViolationSink next, ModelDescriptor model, Function<String, Scene> scenes, String configSha256) {
        this.next = next;
        this.model = model;
        this.scenes = scenes;
        this.configSha256 = configSha256;
    }

    /** A reloaded config is in force from now on. */
    void configLoaded(String sha256) {
        configSha256 = sha256;
    }

    @Override
    public void confirmed(Violation v) {
        next.confirmed(stamped(v));
    }

    @Override
    public void warned(Violation v) {
        next.warned(stamped(v));
    }

    private Violation stamped(Violation v) {
        Scene scene = scenes.apply(v.cameraId());
        if (scene == null) { // the camera was removed by a reload meanwhile: its settings and zones are gone
            return v.withProvenance(provenance(v, Map.of()));
        }
        Zone zone = scene.zones().stream().filter(z -> z.id().equals(v.zoneId())).findFirst().orElse(null);
        return v.withProvenance(provenance(v, scene.settings(v.rule(), zone).plain()))
                .withCodes(EventCodes.of(scene.ruleParams(v.rule(), zone).eventCode(), zone));
    }

    @Override
    public void ended(Violation v, long endUs, long endWallMs) {
        next.ended(v, endUs, endWallMs);
    }

    @Override
    public void nearMiss(NearMiss m) {
        Scene scene = scenes.apply(m.cameraId());
        if (scene == null) {
            next.nearMiss(m);
            return;
        }
        Zone zone = scene.zones().stream().filter(z -> z.id().equals(m.zoneId())).findFirst().orElse(null);
        next.nearMiss(m.withParams(scene.settings(m.rule(), zone).plain()));
    }

    private Provenance provenance(Violation v, Map<String, Object> params) {
        return new Provenance(model.name(), model.sha256(), params, configSha256, Release.VERSION, v.clockOffsetMs());
    }
}
