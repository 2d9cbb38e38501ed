-- What the rule measured when it decided (dwell reached, people and props counted, scores, uncovered sightings, wet
-- share...): a JSON object of numbers, as in the signed manifest, so a threshold can be tuned from reviewers'
-- decisions. NULL for cases recorded before it was kept; '{}' for near misses recorded before.
ALTER TABLE cases ADD COLUMN measurements TEXT;
ALTER TABLE near_misses ADD COLUMN measurements TEXT NOT NULL DEFAULT '{}';
