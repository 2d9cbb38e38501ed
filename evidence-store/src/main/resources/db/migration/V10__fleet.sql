-- Cluster mode. Each node's status, written by the node every few seconds (its heartbeat for operators; who runs
-- which camera is decided by the Kafka group, never by these rows), and every node's signing keys, so evidence
-- signed by any node of the fleet can be checked from the database.
CREATE TABLE fleet_nodes (
    node_id        TEXT PRIMARY KEY,
    url            TEXT NOT NULL,          -- where operators and other nodes reach it
    cameras        TEXT NOT NULL,          -- JSON array: the camera ids assigned to it
    cameras_down   TEXT NOT NULL,          -- JSON array: those of them not streaming
    frames_per_s   DOUBLE PRECISION NOT NULL,
    dropped        BIGINT NOT NULL,        -- frames dropped since it started
    inference_ms   DOUBLE PRECISION NOT NULL,
    exporter       BOOLEAN NOT NULL,
    heartbeat_at   BIGINT NOT NULL         -- wall-clock milliseconds since the epoch
);

CREATE TABLE node_keys (
    fingerprint    TEXT PRIMARY KEY,       -- as in manifests: the key's SHA-256
    node_id        TEXT NOT NULL,
    public_key     TEXT NOT NULL,          -- PEM
    first_seen     BIGINT NOT NULL
);
