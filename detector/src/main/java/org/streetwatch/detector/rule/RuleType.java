package org.streetwatch.detector.rule;

import org.streetwatch.config.ConfigDef;

/** A kind of rule: its name in the config, its declared settings, and a factory for its per-camera state. */
public interface RuleType {

    String name();

    /** The rule's settings; every rule also has {@code enabled}. */
    ConfigDef config();

    Rule create(String cameraId, RuleEnv env);
}
