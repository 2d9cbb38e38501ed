package org.streetwatch.daemon.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.config.Settings;
import org.streetwatch.detector.analysis.Scene;
import org.streetwatch.detector.zone.Zone;
import org.streetwatch.evidence.integrity.CaseLog;
import org.streetwatch.evidence.integrity.ConfigChange;
import org.streetwatch.evidence.store.StoreException;

/**
 * Records every applied version of the config file in the signed case log: one entry per rule setting whose value in
 * force in some zone changed ({@code cameras.C.zones.Z.rules.R.KEY: OLD -> NEW}), or one entry saying that only other
 * settings changed, so that every version a case was decided under is in the log. The actor is the page user who saved
 * that version, else {@value ConfigChange#FILE_EDIT}. Called by the config watcher's thread (reloads) and the page's
 * save; the versions are compared in the order they are applied.
 */
public final class ConfigChanges {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigChanges.class);
    /** A zone's own entry: its presence (a zone added or removed is one entry, not one per rule setting). */
    private static final String ZONE = "defined";
    private static final String RULES = ".rules.";

    private final CaseLog log;
    private String applied;
    private String savedSha;
    private String savedBy;

    /**
     * @param sha256 the SHA-256 of the file just loaded at start: if the log's last change left another version, the
     *               file was edited while streetwatch was stopped, and that is recorded (the settings before are
     *               not known)
     */
    public ConfigChanges(CaseLog log, Path logFile, String sha256) throws StoreException {
        this.log = log;
        this.applied = sha256;
        String logged = null;
        try {
            for (CaseLog.Entry e : CaseLog.read(logFile)) {
                if (e.event().equals(ConfigChange.EVENT)) {
                    logged = e.manifestSha256();
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot read the case log " + logFile + ": " + e.getMessage(), e);
        }
        if (logged != null && !logged.equals(sha256)) {
            log.append(new ConfigChange("the file, edited while streetwatch was stopped", logged, sha256)
                    .entry(ConfigChange.FILE_EDIT, System.currentTimeMillis()));
        }
    }

    /** The version the page is saving: its reload is the user's change, not a hand edit. */
    public synchronized void saving(String sha256, String user) {
        savedSha = sha256;
        savedBy = user;
    }

    /** The version the page's save entry changes (the one in force). */
    public synchronized String applied() {
        return applied;
    }

    /** Records a version just applied; {@code sha256} is its file's hash. */
    public synchronized void applied(StreetwatchConfig before, StreetwatchConfig after, String sha256)
            throws StoreException {
        if (sha256.equals(applied)) {
            return;
        }
        String actor = sha256.equals(savedSha) ? savedBy : ConfigChange.FILE_EDIT;
        long at = System.currentTimeMillis();
        List<String> changed = changes(ruleSettings(before), ruleSettings(after));
        if (changed.isEmpty()) {
            changed = List.of("settings other than the rules' in the zones");
        }
        for (String what : changed) {
            log.append(new ConfigChange(what, applied, sha256).entry(actor, at));
        }
        LOG.info("config: {} logged {} changes by {} (file sha256 {})", after.file(), changed.size(), actor, sha256);
        applied = sha256;
    }

    /** Each changed setting as {@code PATH: OLD -> NEW}, in path order. */
    static List<String> changes(Map<String, String> before, Map<String, String> after) {
        TreeSet<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        List<String> out = new ArrayList<>();
        for (String p : paths) {
            String was = before.get(p);
            String is = after.get(p);
            boolean ofZoneAddedOrRemoved = (was == null || is == null) && p.contains(RULES);
            if (!Objects.equals(was, is) && !ofZoneAddedOrRemoved) {
                out.add(p + ": " + (was == null ? "none" : was) + " -> " + (is == null ? "none" : is));
            }
        }
        return out;
    }

    /** Every rule setting in force in every zone, by path, and each zone's own path. */
    static Map<String, String> ruleSettings(StreetwatchConfig cfg) {
        Map<String, String> out = new TreeMap<>();
        for (StreetwatchConfig.CameraConfig c : cfg.cameras()) {
            Scene scene = cfg.scene(c);
            for (Zone z : c.zones()) {
                String zone = "cameras." + c.id() + ".zones." + z.id();
                out.put(zone, ZONE);
                for (String rule : scene.rules().keySet()) {
                    Settings s = scene.settings(rule, z);
                    s.plain().forEach((k, v) -> out.put(zone + RULES + rule + "." + k, shown(v)));
                }
            }
        }
        return out;
    }

    private static String shown(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(v);
    }
}
