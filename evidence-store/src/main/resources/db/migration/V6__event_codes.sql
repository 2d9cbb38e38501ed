-- How the command centre (数字城管) files the case: event class and code, the zone's unit grid cell and position.
-- JSON, as in the signed manifest; NULL for cases recorded before streetwatch kept them.
ALTER TABLE cases ADD COLUMN bureau_codes TEXT;
