-- +goose Up
-- Compliance drift (SPEC §2.7, docs/compliance.md "Drift"): a snapshot records every control's status and the score of
-- one framework at one moment; drift rows are the status changes between a snapshot and the one before it (whatever
-- its age: a snapshot after downtime compares with the latest one), graded critical / high / medium / improvement.

CREATE TABLE compliance_snapshots (
    id              uuid         PRIMARY KEY,
    organization_id uuid         NOT NULL REFERENCES organizations (id),
    framework_id    uuid         NOT NULL REFERENCES frameworks (id) ON DELETE CASCADE,
    taken_at        timestamptz  NOT NULL,
    trigger         text         NOT NULL CHECK (trigger IN ('schedule', 'manual', 'seed')),
    taken_by        text         NOT NULL DEFAULT '' CHECK (length(taken_by) <= 200),
    previous_id     uuid         REFERENCES compliance_snapshots (id) ON DELETE SET NULL,
    score           numeric(6,5) CHECK (score BETWEEN 0 AND 1),
    applicable      integer      NOT NULL CHECK (applicable >= 0),
    counts          jsonb        NOT NULL CHECK (jsonb_typeof(counts) = 'object'),
    regressions     integer      NOT NULL DEFAULT 0 CHECK (regressions >= 0),
    improvements    integer      NOT NULL DEFAULT 0 CHECK (improvements >= 0)
);
CREATE INDEX compliance_snapshots_framework_idx ON compliance_snapshots (framework_id, taken_at DESC, id DESC);
CREATE INDEX compliance_snapshots_org_idx ON compliance_snapshots (organization_id, taken_at DESC);
SELECT opsdeck_enable_tenant_rls('compliance_snapshots');

CREATE TABLE compliance_snapshot_controls (
    snapshot_id     uuid NOT NULL REFERENCES compliance_snapshots (id) ON DELETE CASCADE,
    organization_id uuid NOT NULL REFERENCES organizations (id),
    control_id      uuid NOT NULL REFERENCES controls (id) ON DELETE CASCADE,
    status          text NOT NULL CHECK (status IN ('compliant', 'warning', 'non_compliant', 'manual', 'uncovered', 'not_applicable')),
    PRIMARY KEY (snapshot_id, control_id)
);
CREATE INDEX compliance_snapshot_controls_control_idx ON compliance_snapshot_controls (control_id);
SELECT opsdeck_enable_tenant_rls('compliance_snapshot_controls');

CREATE TABLE compliance_drift (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    framework_id    uuid        NOT NULL REFERENCES frameworks (id) ON DELETE CASCADE,
    snapshot_id     uuid        NOT NULL REFERENCES compliance_snapshots (id) ON DELETE CASCADE,
    control_id      uuid        NOT NULL REFERENCES controls (id) ON DELETE CASCADE,
    from_status     text        NOT NULL,
    to_status       text        NOT NULL CHECK (to_status <> from_status),
    grade           text        NOT NULL CHECK (grade IN ('critical', 'high', 'medium', 'improvement')),
    detected_at     timestamptz NOT NULL,
    UNIQUE (snapshot_id, control_id)
);
CREATE INDEX compliance_drift_framework_idx ON compliance_drift (framework_id, detected_at DESC, id DESC);
CREATE INDEX compliance_drift_control_idx ON compliance_drift (control_id, detected_at DESC);
SELECT opsdeck_enable_tenant_rls('compliance_drift');

-- Cross-framework mappings (SPEC §2.7): control ↔ control, once per pair whatever the direction. Evidence on one side
-- counts for the other as the mapping says: none, source → target, or both ways.
CREATE TABLE control_mappings (
    id                uuid        PRIMARY KEY,
    organization_id   uuid        NOT NULL REFERENCES organizations (id),
    source_control_id uuid        NOT NULL REFERENCES controls (id) ON DELETE CASCADE,
    target_control_id uuid        NOT NULL REFERENCES controls (id) ON DELETE CASCADE,
    relation          text        NOT NULL CHECK (relation IN ('equivalent', 'subset', 'superset', 'related')),
    evidence_flow     text        NOT NULL DEFAULT 'both' CHECK (evidence_flow IN ('none', 'source_to_target', 'both')),
    note              text        NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    created_by        text        NOT NULL DEFAULT '' CHECK (length(created_by) <= 200),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    version           bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
    CHECK (source_control_id <> target_control_id)
);
CREATE UNIQUE INDEX control_mappings_pair_key ON control_mappings
    (LEAST(source_control_id, target_control_id), GREATEST(source_control_id, target_control_id));
CREATE INDEX control_mappings_source_idx ON control_mappings (source_control_id);
CREATE INDEX control_mappings_target_idx ON control_mappings (target_control_id);
SELECT opsdeck_enable_tenant_rls('control_mappings');

-- +goose Down
DROP TABLE control_mappings;
DROP TABLE compliance_drift;
DROP TABLE compliance_snapshot_controls;
DROP TABLE compliance_snapshots;
