-- +goose Up
-- The data platform (SPEC §1.5, §1.6): generic links between any two linkable entities, an organisation-wide tag
-- dictionary with taggings on any taggable entity, and custom field definitions per entity type (values live in each
-- entity's custom_fields jsonb column, audited with the row).

CREATE TABLE links (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    source_type     text        NOT NULL CHECK (source_type ~ '^[a-z][a-z0-9_]{1,49}$'),
    source_id       uuid        NOT NULL,
    target_type     text        NOT NULL CHECK (target_type ~ '^[a-z][a-z0-9_]{1,49}$'),
    target_id       uuid        NOT NULL,
    relation        text        NOT NULL CHECK (relation ~ '^[a-z][a-z0-9_]{1,49}$'),
    note            text        NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    created_by      text        NOT NULL DEFAULT '' CHECK (length(created_by) <= 200),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (source_type <> target_type OR source_id <> target_id)
);
CREATE UNIQUE INDEX links_unique_key ON links (organization_id, source_type, source_id, target_type, target_id, relation);
CREATE INDEX links_target_idx ON links (organization_id, target_type, target_id);
SELECT opsdeck_enable_tenant_rls('links');

-- opsdeck_links_forget removes the links of a deleted row (the registry's safety net: a linkable table calls
-- opsdeck_enable_linkable, so a hard delete can never leave a link pointing nowhere). Archiving keeps links.
-- +goose StatementBegin
CREATE FUNCTION opsdeck_links_forget() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM links WHERE (source_type = TG_ARGV[0] AND source_id = OLD.id) OR (target_type = TG_ARGV[0] AND target_id = OLD.id);
    DELETE FROM taggings WHERE entity_type = TG_ARGV[0] AND entity_id = OLD.id;
    RETURN OLD;
END
$$;
CREATE FUNCTION opsdeck_enable_linkable(tbl regclass, type_name text) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER links_forget AFTER DELETE ON %s FOR EACH ROW EXECUTE FUNCTION opsdeck_links_forget(%L)',
        tbl, type_name);
END
$$;
-- +goose StatementEnd

CREATE TABLE tags (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    name            text        NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 60),
    colour          text        NOT NULL DEFAULT 'gray' CHECK (colour IN ('gray', 'red', 'pink', 'grape', 'violet', 'indigo',
                                    'blue', 'cyan', 'teal', 'green', 'lime', 'yellow', 'orange')),
    description     text        NOT NULL DEFAULT '' CHECK (length(description) <= 500),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
    archived_at     timestamptz
);
CREATE UNIQUE INDEX tags_org_name_key ON tags (organization_id, lower(name));
CREATE INDEX tags_org_name_idx ON tags (organization_id, name, id);
SELECT opsdeck_enable_tenant_rls('tags');

CREATE TABLE taggings (
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    tag_id          uuid        NOT NULL REFERENCES tags (id),
    entity_type     text        NOT NULL CHECK (entity_type ~ '^[a-z][a-z0-9_]{1,49}$'),
    entity_id       uuid        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tag_id, entity_type, entity_id)
);
CREATE INDEX taggings_entity_idx ON taggings (organization_id, entity_type, entity_id);
SELECT opsdeck_enable_tenant_rls('taggings');

CREATE TABLE custom_field_definitions (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    entity_type     text        NOT NULL CHECK (entity_type ~ '^[a-z][a-z0-9_]{1,49}$'),
    key             text        NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{0,39}$'),
    label           text        NOT NULL CHECK (length(btrim(label)) BETWEEN 1 AND 100),
    type            text        NOT NULL CHECK (type IN ('text', 'long_text', 'number', 'date', 'boolean', 'select',
                                    'multi_select', 'url', 'user')),
    required        boolean     NOT NULL DEFAULT false,
    default_value   jsonb,
    help            text        NOT NULL DEFAULT '' CHECK (length(help) <= 500),
    options         text[]      NOT NULL DEFAULT '{}' CHECK (cardinality(options) <= 100),
    position        integer     NOT NULL DEFAULT 0 CHECK (position BETWEEN 0 AND 10000),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
    archived_at     timestamptz,
    CHECK ((type IN ('select', 'multi_select')) = (cardinality(options) > 0))
);
-- A key is never reused within an entity type (archived definitions keep theirs: old values stay readable).
CREATE UNIQUE INDEX custom_field_definitions_key ON custom_field_definitions (organization_id, entity_type, key);
CREATE INDEX custom_field_definitions_order_idx ON custom_field_definitions (organization_id, entity_type, position, id);
SELECT opsdeck_enable_tenant_rls('custom_field_definitions');
