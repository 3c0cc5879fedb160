-- +goose Up
-- Compliance (SPEC §2.7), first part: frameworks and their control trees with the Statement of Applicability.
-- A built-in framework is a copy of a library framework (its key names it): its content is the publisher's and only
-- its SoA and activation change; custom and imported frameworks are the organisation's own.
CREATE TABLE frameworks (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    key             text        NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9.-]{1,62}$'),
    name            text        NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    edition         text        NOT NULL DEFAULT '' CHECK (length(edition) <= 50),
    publisher       text        NOT NULL DEFAULT '' CHECK (length(publisher) <= 200),
    source_url      text        NOT NULL DEFAULT '' CHECK (length(source_url) <= 500),
    description     text        NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
    origin          text        NOT NULL CHECK (origin IN ('builtin', 'custom', 'imported')),
    active          boolean     NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
    archived_at     timestamptz
);
-- One copy of a library framework per organisation (archived or not: restore it rather than activate it twice).
CREATE UNIQUE INDEX frameworks_org_builtin_key ON frameworks (organization_id, key) WHERE origin = 'builtin';
CREATE UNIQUE INDEX frameworks_org_name_key ON frameworks (organization_id, lower(name)) WHERE archived_at IS NULL;
CREATE INDEX frameworks_org_name_idx ON frameworks (organization_id, name, id);
CREATE INDEX frameworks_org_created_idx ON frameworks (organization_id, created_at, id);
SELECT opsdeck_enable_tenant_rls('frameworks');
SELECT opsdeck_enable_linkable('frameworks', 'framework');

-- The control tree in reading order: position orders a framework's nodes depth-first, so a page of the list is a
-- piece of the tree; depth and parent let the client nest it.
CREATE TABLE controls (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    framework_id    uuid        NOT NULL REFERENCES frameworks (id) ON DELETE CASCADE,
    parent_id       uuid        REFERENCES controls (id) ON DELETE CASCADE,
    depth           smallint    NOT NULL DEFAULT 0 CHECK (depth BETWEEN 0 AND 10),
    position        integer     NOT NULL CHECK (position >= 0),
    ref             text        NOT NULL CHECK (length(btrim(ref)) BETWEEN 1 AND 64),
    title           text        NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 300),
    kind            text        NOT NULL CHECK (kind IN ('group', 'control', 'requirement')),
    description     text        NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
    guidance        text        NOT NULL DEFAULT '' CHECK (length(guidance) <= 10000),
    attributes      jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
    applicability   text        NOT NULL DEFAULT 'applicable' CHECK (applicability IN ('applicable', 'not_applicable')),
    justification   text        NOT NULL DEFAULT '' CHECK (length(justification) <= 5000),
    owner_user_id   uuid        REFERENCES users (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
    -- Excluding a control from the SoA needs a reason.
    CONSTRAINT controls_exclusion_justified CHECK (applicability = 'applicable' OR length(btrim(justification)) > 0),
    -- Checked at commit: adding a node shifts the positions after it in one statement.
    CONSTRAINT controls_framework_position_key UNIQUE (framework_id, position) DEFERRABLE INITIALLY DEFERRED
);
CREATE UNIQUE INDEX controls_framework_ref_key ON controls (framework_id, lower(ref));
CREATE INDEX controls_parent_idx ON controls (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX controls_owner_idx ON controls (owner_user_id) WHERE owner_user_id IS NOT NULL;
CREATE INDEX controls_org_idx ON controls (organization_id);
SELECT opsdeck_enable_tenant_rls('controls');
SELECT opsdeck_enable_linkable('controls', 'control');

-- +goose Down
DROP TABLE controls;
DROP TABLE frameworks;
