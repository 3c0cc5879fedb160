-- +goose Up
-- Organisations (SPEC §1.1). An organisation is its own tenant: the RLS key is its id.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE organizations (
    id                uuid PRIMARY KEY,
    name              text        NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    slug              text        NOT NULL CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
    kind              text        NOT NULL CHECK (kind IN ('operator', 'regulator', 'observer')),
    country           text        NOT NULL DEFAULT '' CHECK (country ~ '^([A-Z]{2})?$'),
    identifier        text        NOT NULL CHECK (identifier ~ '^[A-Z0-9][A-Z0-9-]{1,15}$'),
    settings          jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(settings) = 'object'),
    entity_categories text[]      NOT NULL DEFAULT '{}',
    sectors           text[]      NOT NULL DEFAULT '{}',
    enabled_modules   text[]      NOT NULL DEFAULT '{}',
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    version           bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
    archived_at       timestamptz
);

CREATE UNIQUE INDEX organizations_slug_key ON organizations (slug);
CREATE UNIQUE INDEX organizations_identifier_key ON organizations (identifier);
-- Keyset pagination: one index per sort key, id as the tie-breaker.
CREATE INDEX organizations_name_id_idx ON organizations (name, id);
CREATE INDEX organizations_created_at_id_idx ON organizations (created_at, id);
CREATE INDEX organizations_kind_idx ON organizations (kind);
CREATE INDEX organizations_search_idx ON organizations USING gin ((name || ' ' || slug || ' ' || identifier) gin_trgm_ops);

SELECT opsdeck_enable_tenant_rls('organizations', 'id');
