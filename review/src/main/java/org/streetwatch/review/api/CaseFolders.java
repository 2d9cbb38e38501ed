package org.streetwatch.review.api;

import org.streetwatch.evidence.cases.Case;
import org.streetwatch.evidence.store.EvidenceFolder;

/**
 * Which evidence folder holds a case's files: this node's on a single node; on a fleet, the folder of the node that
 * wrote it, on storage every node mounts.
 */
@FunctionalInterface
public interface CaseFolders {

    /** @throws Unavailable when the folder of the node that holds the case cannot be read from here */
    EvidenceFolder of(Case c) throws Unavailable;

    /** The case's evidence is on a node whose folder this node cannot read now. */
    final class Unavailable extends Exception {
        public Unavailable(String node) {
            super("evidence on node " + node + " unavailable");
        }
    }
}
