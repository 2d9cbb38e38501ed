-- Where a case's objects stood (normalised box, JSON [x1, y1, x2, y2]) and their colour signature (JSON array):
-- a rejected case suppresses the same stationary object at the same place.
ALTER TABLE cases ADD COLUMN area TEXT;
ALTER TABLE cases ADD COLUMN appearance TEXT;
