-- +goose Up
-- Files produced by jobs move to the storage backend (local disk or S3, like attachments): the row stays their index
-- with the storage key; files written before keep their bytes in data until they expire (a week).
ALTER TABLE job_files ALTER COLUMN data DROP NOT NULL;
ALTER TABLE job_files ADD COLUMN storage_key text UNIQUE CHECK (storage_key IS NULL OR length(storage_key) BETWEEN 1 AND 200);
ALTER TABLE job_files ADD CONSTRAINT job_files_one_body CHECK (num_nonnulls(data, storage_key) = 1);
