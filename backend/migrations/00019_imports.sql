-- +goose Up
-- Imports (SPEC §1.8): the uploaded file waits here for its job (dry run or apply), then only the report stays.
CREATE TABLE imports (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    entity          text        NOT NULL CHECK (entity ~ '^[a-z][a-z0-9_]{1,49}$'),
    format          text        NOT NULL CHECK (format IN ('csv', 'xlsx')),
    file_name       text        NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    size            bigint      NOT NULL CHECK (size >= 0),
    sha256          bytea       NOT NULL CHECK (length(sha256) = 32),
    data            bytea,      -- the file, until the job has read it
    dry_run         boolean     NOT NULL,
    state           text        NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
    report          jsonb,
    job_id          bigint,
    created_by      text        NOT NULL DEFAULT '' CHECK (length(created_by) <= 200),
    created_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz
);
CREATE INDEX imports_org_created_idx ON imports (organization_id, created_at DESC, id DESC);
SELECT opsdeck_enable_tenant_rls('imports');
