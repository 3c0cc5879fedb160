-- +goose Up
-- Files produced by jobs (exports, reports), downloadable for a week. Kept in the database until the storage
-- interface of the attachments issue exists (then they move there; the table stays the index).
CREATE TABLE job_files (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    job_id          bigint      NOT NULL,
    name            text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200 AND name !~ '[/\\]'),
    content_type    text        NOT NULL CHECK (length(content_type) <= 100),
    size            bigint      NOT NULL CHECK (size >= 0),
    sha256          bytea       NOT NULL CHECK (length(sha256) = 32),
    data            bytea       NOT NULL,
    created_by      text        NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL
);
CREATE INDEX job_files_expiry_idx ON job_files (expires_at);
CREATE INDEX job_files_job_idx ON job_files (organization_id, job_id);
SELECT opsdeck_enable_tenant_rls('job_files');
REVOKE UPDATE ON job_files FROM opsdeck_tenant;
