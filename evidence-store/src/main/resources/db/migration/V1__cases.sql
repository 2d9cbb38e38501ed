-- Cases: immutable evidence (files, manifest) plus a mutable review status whose every change is audited.
-- Portable between SQLite and PostgreSQL: TEXT and BIGINT only, ids made by the application.
CREATE TABLE cases (
    id              TEXT PRIMARY KEY,            -- time-ordered: yyyyMMdd-HHmmss-SSS-xxxxxx (UTC of confirmation)
    violation_id    TEXT NOT NULL UNIQUE,        -- same footage, same violation: a re-run adds no duplicate
    camera          TEXT NOT NULL,
    rule            TEXT NOT NULL,
    zone            TEXT NOT NULL,
    zone_type       TEXT NOT NULL,
    place           TEXT,
    unit            TEXT,
    onset_at        BIGINT NOT NULL,             -- wall-clock milliseconds since the epoch
    confirmed_at    BIGINT NOT NULL,
    ended_at        BIGINT,
    counts          TEXT NOT NULL,               -- JSON object: kind -> count
    objects         TEXT NOT NULL,               -- JSON array of "kind#track"
    files           TEXT NOT NULL,               -- JSON array: {name, role, sha256, bytes}
    dir             TEXT NOT NULL,               -- evidence folder, relative to the evidence root
    clip_status     TEXT NOT NULL,               -- ok | truncated | missing
    manifest_sha256 TEXT NOT NULL,
    status          TEXT NOT NULL,               -- pending | confirmed | rejected | exported
    reviewer        TEXT,
    reason          TEXT,
    reviewed_at     BIGINT,
    created_at      BIGINT NOT NULL
);

CREATE INDEX cases_status_time ON cases (status, confirmed_at);
CREATE INDEX cases_camera_time ON cases (camera, confirmed_at);
CREATE INDEX cases_rule_time ON cases (rule, confirmed_at);

-- The audit trail: every change of a case, in order.
CREATE TABLE case_events (
    case_id TEXT NOT NULL,
    seq     INTEGER NOT NULL,
    at      BIGINT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    detail  TEXT,
    PRIMARY KEY (case_id, seq)
);
