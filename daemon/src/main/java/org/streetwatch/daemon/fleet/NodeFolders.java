package org.streetwatch.daemon.fleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.store.EvidenceFolder;
import org.streetwatch.evidence.store.StoreException;
import org.streetwatch.review.api.CaseFolders;

/**
 * A fleet's evidence: every node writes under {@code evidence.dir/NODE_ID} on storage every node mounts, so any
 * node serves any case by reading the writer's folder. A case is looked for in this node's folder, then in each
 * node's; when it is in none and a node's folder cannot be read here (its storage not mounted, the node's disk
 * gone), the case is taken to be that node's: "evidence on node X unavailable" rather than a missing file.
 */
public final class NodeFolders implements CaseFolders {

    private final Path root;
    private final EvidenceFolder own;
    private final Supplier<List<String>> nodes;
    private final Map<String, EvidenceFolder> folders = new ConcurrentHashMap<>();

    /**
     * @param root  the shared evidence folder (each node's is a folder in it)
     * @param nodes the fleet's node ids (those with a status row)
     */
    public NodeFolders(Path root, EvidenceFolder own, Supplier<List<String>> nodes) {
        this.root = root;
        this.own = own;
        this.nodes = nodes;
    }

    @Override
    public EvidenceFolder of(Case c) throws Unavailable {
        if (Files.isDirectory(own.resolve(c.evidence().dir()))) {
            return own;
        }
        String unreadable = null;
        for (String node : nodes.get()) {
            Path dir = root.resolve(node);
            if (!Files.isDirectory(dir.resolve("cases"))) {
                unreadable = unreadable == null ? node : unreadable;
                continue;
            }
            EvidenceFolder f = folders.computeIfAbsent(node, n -> open(dir));
            if (f != null && Files.isDirectory(f.resolve(c.evidence().dir()))) {
                return f;
            }
        }
        if (unreadable != null) {
            throw new Unavailable(unreadable);
        }
        return own;
    }

    private static EvidenceFolder open(Path dir) {
        try {
            return new EvidenceFolder(dir);
        } catch (StoreException e) {
            return null;
        }
    }
}
