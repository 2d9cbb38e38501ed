package org.streetwatch.daemon.wall;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.streetwatch.config.ConfigException;
import org.streetwatch.daemon.config.ConfigChanges;
import org.streetwatch.daemon.config.ConfigLoader;
import org.streetwatch.daemon.config.StreetwatchConfig;
import org.streetwatch.evidence.integrity.CaseLog;
import org.streetwatch.evidence.integrity.ConfigChange;
import org.streetwatch.evidence.store.StoreException;
import org.streetwatch.hash.Sha256;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Changes to streetwatch.yaml made from the review page. Each goes through the same validation as a hand edit (the
 * whole new file loaded by {@link ConfigLoader} before it replaces the old one), is written to a temporary file,
 * forced to disk and renamed over the config atomically, so a refused or interrupted edit leaves the file as it was;
 * the running daemon's config watcher then applies it like any other change. Each change is recorded in the signed
 * case log with the new file's SHA-256 and who made it. Edits are serialised; one based on a file that has changed
 * since the operator opened it is refused rather than overwriting the other change.
 */
public final class ConfigEdits {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigEdits.class);
    /** Refused: the message is for the operator, shown on the page. */
    public static final class Refused extends Exception {
        public final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** The file as it is now, and its SHA-256 (the version an edit must be based on). */
    public record Current(String text, String sha256) {
    }

    private final Path file;
    private final CaseLog log;
    private final ConfigChanges changes;

    public ConfigEdits(Path file, CaseLog log, ConfigChanges changes) {
        this.file = file.toAbsolutePath();
        this.log = log;
        this.changes = changes;
    }

    public synchronized Current current() throws IOException {
        byte[] b = Files.readAllBytes(file);
        return new Current(new String(b, StandardCharsets.UTF_8), Sha256.of(b));
    }

    /**
     * The config as it would be with the camera's zones replaced, validated like a hand edit, without saving it
     * (the zone editor's preview).
     */
    synchronized StreetwatchConfig tryZones(String cameraId, List<JsonNode> zones) throws Refused, IOException {
        Path temp = stage(edited(current(), cameraId, zones));
        try {
            return validate(temp);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Replaces the camera's zones; returns the new file's SHA-256. */
    public synchronized String saveZones(String cameraId, String basedOn, List<JsonNode> zones, String user)
            throws Refused, IOException, StoreException {
        Current now = current();
        if (!now.sha256().equals(basedOn)) {
            throw new Refused(409, "the config file changed since the editor was opened; reload to see the change");
        }
        String next = edited(now, cameraId, zones);
        String sha = Sha256.of(next.getBytes(StandardCharsets.UTF_8));
        Path target = file.toRealPath(); // a linked config is replaced where it lives; the link stays
        Path temp = stage(next);
        try {
            validate(temp);
            Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target));
            // the signed log entry and the file go together: a save that fails leaves neither (see appendCommitted)
            changes.saving(sha, user); // the reload of this version records its settings as the user's
            log.appendCommitted(new ConfigChange("zones of camera " + cameraId, changes.applied(), sha)
                    .entry(user, System.currentTimeMillis()), () -> replace(temp, target));
        } catch (UncheckedIOException e) {
            throw new Refused(500, "cannot write " + target + ": " + e.getCause().getMessage());
        } finally {
            Files.deleteIfExists(temp);
        }
        LOG.info("config: {} saved the zones of camera {} ({} zones) from the review page; file sha256 {}", user,
                cameraId, zones.size(), sha);
        return sha;
    }

    /**
     * Sets one rule setting in a zone's {@code rules} override, the rest of the zone as it is (the tuning page's
     * apply): saved as {@link #saveZones} saves; returns the new file's SHA-256.
     */
    public synchronized String saveZoneSetting(String cameraId, String zoneId, String rule, String setting,
                                               JsonNode value, String basedOn, String user)
            throws Refused, IOException, StoreException {
        List<JsonNode> zones;
        try {
            zones = new java.util.ArrayList<>(ZonesYaml.zones(current().text(), cameraId));
        } catch (ZonesYaml.EditException e) {
            throw new Refused(409, e.getMessage());
        }
        for (int i = 0; i < zones.size(); i++) {
            if (zones.get(i) instanceof ObjectNode zone && zoneId.equals(zone.path("id").asString(null))) {
                ObjectNode edited = zone.deepCopy();
                object(object(edited, "rules"), rule).set(setting, value);
                zones.set(i, edited);
                return saveZones(cameraId, basedOn, zones, user);
            }
        }
        throw new Refused(404, "camera " + cameraId + " has no zone " + zoneId + " in the config file");
    }

    /** The object under {@code key}, made if missing. */
    private static ObjectNode object(ObjectNode parent, String key) throws Refused {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return parent.putObject(key);
        }
        if (n instanceof ObjectNode o) {
            return o;
        }
        throw new Refused(409, key + " in the config file is not a mapping");
    }

    /** Moves the validated file over the config atomically and makes the rename durable. */
    private static void replace(Path temp, Path target) {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new UncheckedIOException(new IOException("it cannot be replaced atomically", e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the file is replaced (the watcher will apply it): past this point the save stands
        try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.warn("config: saved {}, but its folder could not be synced: {}", target, e.getMessage());
        }
    }

    private static String edited(Current now, String cameraId, List<JsonNode> zones) throws Refused {
        try {
            return ZonesYaml.withZones(now.text(), cameraId, zones);
        } catch (ZonesYaml.EditException e) {
            throw new Refused(400, e.getMessage());
        }
    }

    /** The text in a temporary file beside the config (relative paths in it resolve the same), forced to disk. */
    private Path stage(String text) throws IOException {
        Path temp = Files.createTempFile(file.toRealPath().getParent(), "." + file.getFileName(), ".edit");
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        return temp;
    }

    /** The same validation as a hand edit; the message names the config file, not the temporary one. */
    private StreetwatchConfig validate(Path temp) throws Refused {
        try {
            return ConfigLoader.load(temp);
        } catch (ConfigException e) {
            throw new Refused(400, e.getMessage().replace(temp.toString(), file.getFileName().toString()));
        }
    }
}
