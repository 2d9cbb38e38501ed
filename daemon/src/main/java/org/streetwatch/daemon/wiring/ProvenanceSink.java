package org.streetwatch.daemon.wiring;

import java.util.Map;
import java.util.function.Function;
import org.streetwatch.detector.analysis.Scene;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.detector.rule.NearMiss;
import org.streetwatch.detector.rule.Provenance;
import org.streetwatch.detector.rule.Violation;
import org.streetwatch.detector.rule.ViolationSink;
import org.streetwatch.detector.zone.Zone;

/**
 * Adds to each confirmed violation what produced it — the model, the rule's settings in force for its camera and
 * zone, the config's hash, the software version, the camera's clock offset — and hands it on to the case recorder.
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
        next.confirmed(v.withProvenance(of(v)));
    }

    @Override
    public void ended(Violation v, long endUs, long endWallMs) {
        next.ended(v, endUs, endWallMs);
    }

    @Override
    public void nearMiss(NearMiss m) {
        next.nearMiss(m);
    }

    private Provenance of(Violation v) {
        Scene scene = scenes.apply(v.cameraId());
        Map<String, Object> params = Map.of(); // the camera was removed by a reload meanwhile
        if (scene != null) {
            Zone zone = scene.zones().stream().filter(z -> z.id().equals(v.zoneId())).findFirst().orElse(null);
            params = scene.params(v.rule(), zone).plain();
        }
        return new Provenance(model.name(), model.sha256(), params, configSha256, Release.VERSION, v.clockOffsetMs());
    }
}
