-- What produced the case (model and weights' SHA-256, the rule's settings in force, config hash, software version,
-- camera clock offset): JSON, as in the signed manifest; NULL for cases recorded before it was kept.
ALTER TABLE cases ADD COLUMN provenance TEXT;
