-- +goose Up
-- Who completed an inventory campaign, by id (the name was kept alone): compliance evidence names the person.
ALTER TABLE inventory_campaigns ADD COLUMN completed_by text CHECK (completed_by IS NULL OR length(completed_by) <= 200);
ALTER TABLE inventory_campaigns ADD CONSTRAINT inventory_campaigns_completed_by CHECK ((status = 'completed') = (completed_by_name IS NOT NULL));
