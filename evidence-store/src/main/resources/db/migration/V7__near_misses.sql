-- Near misses: candidates a rule saw that reached part of a threshold but made no case. Rows only, no evidence files;
-- at most a configured number per camera and rule (the oldest dropped) and removed by retention. The key is the
-- candidate's place on the camera's timeline, so re-processing the same footage adds none.
CREATE TABLE near_misses (
    camera   TEXT NOT NULL,
    rule     TEXT NOT NULL,
    zone     TEXT NOT NULL,
    pts_us   BIGINT NOT NULL,         -- on the camera's timeline
    at       BIGINT NOT NULL,         -- wall-clock milliseconds since the epoch
    district TEXT,                    -- the camera's district when it was seen
    reason   TEXT NOT NULL,
    params   TEXT NOT NULL,           -- JSON object: the rule's settings in force in the zone
    PRIMARY KEY (camera, rule, zone, pts_us)
);

CREATE INDEX near_misses_camera_rule_time ON near_misses (camera, rule, at);
CREATE INDEX near_misses_district_time ON near_misses (district, at);
