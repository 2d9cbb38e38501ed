-- Districts (街道 / 中队): a case carries its camera's district as it was when the case was recorded (also in its
-- signed manifest); cases recorded before this migration have none, and only admins see them.
ALTER TABLE cases ADD COLUMN district TEXT;
CREATE INDEX cases_district_time ON cases (district, confirmed_at);

-- The districts whose cases a user sees, comma-separated (admins see all). A camera without a configured district
-- is in district "main", so existing reviewers and operators get "main": a city that does not split its cameras
-- works as before.
ALTER TABLE users ADD COLUMN districts TEXT NOT NULL DEFAULT '';
UPDATE users SET districts = 'main';
