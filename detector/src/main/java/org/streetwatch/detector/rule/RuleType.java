package org.streetwatch.detector.rule;

import java.util.function.Function;
import org.streetwatch.config.ConfigDef;
import org.streetwatch.config.ConfigException;
import org.streetwatch.config.Settings;
import org.streetwatch.config.Validator;

/**
 * A kind of rule: its name in the config, its declared settings (every rule also has {@link RuleParams#ENABLED}), the
 * factory of its typed parameters, the check of settings whose keys must agree, and a factory for its per-camera
 * state.
 *
 * @param <P> the rule's parameters
 */
public record RuleType<P extends RuleParams>(String name, ConfigDef config, Function<Settings, P> params, Check check,
                                             Factory<P> factory) {

    /** Makes one camera's instance of the rule, which reads its parameters from the scene by {@code type}. */
    @FunctionalInterface
    public interface Factory<P extends RuleParams> {
        Rule create(RuleType<P> type, String cameraId, RuleEnv env);
    }

    /**
     * Settings of one rule in force in one place (global, a camera's, a zone's) whose keys contradict each other: the
     * problem (its sub-path names the key at fault, e.g. {@code .hours}), or null if they hold. Keys checked alone are
     * their {@link Validator}s' business.
     */
    @FunctionalInterface
    public interface Check {
        Check NONE = s -> null;

        Validator.Problem problem(Settings inForce);
    }

    /** A rule whose keys need no check together. */
    public RuleType(String name, ConfigDef config, Function<Settings, P> params, Factory<P> factory) {
        this(name, config, params, Check.NONE, factory);
    }

    public Rule create(String cameraId, RuleEnv env) {
        return factory.create(this, cameraId, env);
    }

    /** The rule's parameters in force where {@code inForce} applies. */
    public P params(Settings inForce) {
        return params.apply(inForce);
    }

    /**
     * The loader's hook: refuses the rule's settings in force at {@code path} (e.g. {@code rules.NAME},
     * {@code cameras[0].zones[1].rules.NAME}) of {@code file} if their keys contradict each other.
     */
    public void validate(Settings inForce, String file, String path) throws ConfigException {
        Validator.Problem p = check.problem(inForce);
        if (p != null) {
            throw new ConfigException(file, path + p.subPath(), "expected " + p.expected() + ", got " + p.got());
        }
    }
}
