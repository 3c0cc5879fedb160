-- +goose Up
-- The job engine (ADR 0009): River's river_job (created by migration 11) holds every job; the organisation and actor
-- are in its metadata. Tenant transactions may enqueue (insert) and read their organisation's jobs only; River's own
-- connections run as the table owner and are not subject to these policies.
GRANT SELECT, INSERT ON river_job TO opsdeck_tenant;
GRANT UPDATE (kind) ON river_job TO opsdeck_tenant; -- River's insert answers a unique-key conflict with a no-op update
GRANT USAGE ON SEQUENCE river_job_id_seq TO opsdeck_tenant;
ALTER TABLE river_job ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_jobs ON river_job TO opsdeck_tenant
    USING ((metadata->>'organization_id')::uuid = opsdeck_current_org())
    WITH CHECK ((metadata->>'organization_id')::uuid = opsdeck_current_org());
CREATE INDEX river_job_organization_idx ON river_job (((metadata->>'organization_id')::uuid), id DESC);

-- What a running job says about itself (progress 0–100 and a message), written by the job while it runs.
CREATE TABLE job_progress (
    job_id          bigint      PRIMARY KEY,
    organization_id uuid        REFERENCES organizations (id) ON DELETE CASCADE,
    percent         smallint    NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
    message         text        NOT NULL DEFAULT '' CHECK (length(message) <= 500),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
SELECT opsdeck_enable_tenant_rls('job_progress');
REVOKE INSERT, UPDATE, DELETE ON job_progress FROM opsdeck_tenant;

-- Schedules: one row per schedule, scope (an organisation, or the nil uuid for deployment-wide schedules) and period.
-- Inserting the row and enqueueing the job in one transaction is what makes a period fire exactly once across every
-- instance.
CREATE TABLE schedule_runs (
    schedule     text        NOT NULL CHECK (length(schedule) BETWEEN 1 AND 100),
    scope_id     uuid        NOT NULL,
    period_start timestamptz NOT NULL,
    job_id       bigint      NOT NULL,
    fired_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (schedule, scope_id, period_start)
);
CREATE INDEX schedule_runs_latest_idx ON schedule_runs (schedule, scope_id, period_start DESC);
REVOKE ALL ON schedule_runs FROM opsdeck_tenant;
