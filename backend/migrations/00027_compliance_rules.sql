-- +goose Up
-- Automated compliance rules (SPEC §2.7): a rule watches one registered target (a kind of record with a date), with
-- criteria from that target, and says how often a new record is due. Statuses are computed, never stored.
CREATE TABLE compliance_rules (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    control_id      uuid        NOT NULL REFERENCES controls (id) ON DELETE CASCADE,
    target          text        NOT NULL CHECK (target ~ '^[a-z][a-z0-9_]{1,59}$'),
    criteria        jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(criteria) = 'object'),
    scope           text        NOT NULL DEFAULT 'organisation' CHECK (scope IN ('organisation', 'linked')),
    frequency_days  integer     NOT NULL CHECK (frequency_days BETWEEN 1 AND 3660),
    grace_days      integer     NOT NULL DEFAULT 0 CHECK (grace_days BETWEEN 0 AND 3660),
    enabled         boolean     NOT NULL DEFAULT true,
    description     text        NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         bigint      NOT NULL DEFAULT 1 CHECK (version >= 1)
);
CREATE INDEX compliance_rules_control_idx ON compliance_rules (control_id, created_at, id);
CREATE INDEX compliance_rules_org_target_idx ON compliance_rules (organization_id, target);
SELECT opsdeck_enable_tenant_rls('compliance_rules');

-- +goose Down
DROP TABLE compliance_rules;
