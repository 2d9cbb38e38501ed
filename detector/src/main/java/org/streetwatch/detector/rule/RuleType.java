package org.streetwatch.detector.rule;

import org.streetwatch.config.ConfigDef;

/**
 * A kind of rule: its name in the config, its declared settings (every rule also has {@code enabled}), and a factory
 * for its per-camera state.
 */
public record RuleType(String name, ConfigDef config, Factory factory) {

    /** Makes one camera's instance of the rule. */
    @FunctionalInterface
    public interface Factory {
        Rule create(String cameraId, RuleEnv env);
    }

    public Rule create(String cameraId, RuleEnv env) {
        return factory.create(cameraId, env);
    }
}
