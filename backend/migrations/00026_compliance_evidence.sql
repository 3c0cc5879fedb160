-- +goose Up
-- Evidence (SPEC §1.5 ComplianceLink, §2.7): a control linked to a record of any linkable type, with why it is evidence
-- and the period it counts for. The record side is kept whole by opsdeck_links_forget, which every linkable table
-- calls on delete (it keeps what 00021 added: a deleted owner's attachments are archived); the control side cascades.
CREATE TABLE compliance_links (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    control_id      uuid        NOT NULL REFERENCES controls (id) ON DELETE CASCADE,
    entity_type     text        NOT NULL CHECK (entity_type ~ '^[a-z][a-z0-9_]{1,49}$'),
    entity_id       uuid        NOT NULL,
    description     text        NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 2000),
    effective_from  date,
    effective_to    date,
    created_by      text        NOT NULL CHECK (length(created_by) <= 200),
    created_by_name text        NOT NULL DEFAULT '' CHECK (length(created_by_name) <= 200),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT compliance_links_period CHECK (effective_to IS NULL OR effective_from IS NULL OR effective_to >= effective_from)
);
CREATE UNIQUE INDEX compliance_links_control_entity_key ON compliance_links (control_id, entity_type, entity_id);
CREATE INDEX compliance_links_control_idx ON compliance_links (control_id, created_at DESC, id DESC);
CREATE INDEX compliance_links_entity_idx ON compliance_links (entity_type, entity_id, created_at DESC, id DESC);
CREATE INDEX compliance_links_org_idx ON compliance_links (organization_id);
SELECT opsdeck_enable_tenant_rls('compliance_links');

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION opsdeck_links_forget() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM links WHERE (source_type = TG_ARGV[0] AND source_id = OLD.id) OR (target_type = TG_ARGV[0] AND target_id = OLD.id);
    DELETE FROM taggings WHERE entity_type = TG_ARGV[0] AND entity_id = OLD.id;
    UPDATE attachments SET archived_at = coalesce(archived_at, now()) WHERE owner_type = TG_ARGV[0] AND owner_id = OLD.id;
    DELETE FROM compliance_links WHERE entity_type = TG_ARGV[0] AND entity_id = OLD.id;
    RETURN OLD;
END
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION opsdeck_links_forget() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM links WHERE (source_type = TG_ARGV[0] AND source_id = OLD.id) OR (target_type = TG_ARGV[0] AND target_id = OLD.id);
    DELETE FROM taggings WHERE entity_type = TG_ARGV[0] AND entity_id = OLD.id;
    UPDATE attachments SET archived_at = coalesce(archived_at, now()) WHERE owner_type = TG_ARGV[0] AND owner_id = OLD.id;
    RETURN OLD;
END
$$;
-- +goose StatementEnd
DROP TABLE compliance_links;
