-- Dispositions from the command centre that could not be applied (not a Disposition, an unknown case, a step the case
-- cannot take): kept once per record so a replayed topic logs and stores each only once; the consumer skips them.
CREATE TABLE disposition_rejects (
    source      TEXT PRIMARY KEY,         -- where it came from: topic-partition@offset
    received_at BIGINT NOT NULL,          -- wall-clock milliseconds since the epoch
    case_id     TEXT,                     -- the case it named, if it could be read
    error       TEXT NOT NULL
);

-- The per-unit statistics read when each case reached a step (handled, verified) from the audit trail.
CREATE INDEX case_events_action ON case_events (action, case_id);
