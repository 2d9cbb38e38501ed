-- People who review cases. Passwords are stored as PBKDF2 hashes only ("pbkdf2-sha256$iterations$salt$hash").
CREATE TABLE users (
    name          TEXT PRIMARY KEY,
    role          TEXT NOT NULL,            -- reviewer | operator
    password_hash TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);

-- When retention removed a case's files (the row and its audit trail stay: what was decided is kept).
ALTER TABLE cases ADD COLUMN purged_at BIGINT;
-- Bytes of the case's files, for the disk budget.
ALTER TABLE cases ADD COLUMN evidence_bytes BIGINT;
CREATE INDEX cases_status_reviewed ON cases (status, reviewed_at);
