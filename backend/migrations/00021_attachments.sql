-- +goose Up
-- Attachments (SPEC §1.6): files on any linkable record. The bytes live in the storage backend (local disk or S3)
-- under storage_key; this row is their index. Removing an attachment archives it (the file stays for the audit).
CREATE TABLE attachments (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    owner_type      text        NOT NULL CHECK (owner_type ~ '^[a-z][a-z0-9_]{1,49}$'),
    owner_id        uuid        NOT NULL,
    name            text        NOT NULL CHECK (length(name) BETWEEN 1 AND 255 AND name !~ '[/\\]'),
    content_type    text        NOT NULL CHECK (length(content_type) BETWEEN 3 AND 100),
    size            bigint      NOT NULL CHECK (size >= 0),
    sha256          bytea       NOT NULL CHECK (length(sha256) = 32),
    storage_key     text        NOT NULL UNIQUE CHECK (length(storage_key) BETWEEN 1 AND 200),
    description     text        NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
    created_by      text        NOT NULL DEFAULT '' CHECK (length(created_by) <= 200),
    created_by_name text        NOT NULL DEFAULT '' CHECK (length(created_by_name) <= 200),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
    archived_at     timestamptz
);
CREATE INDEX attachments_owner_idx ON attachments (organization_id, owner_type, owner_id, created_at DESC, id DESC);
SELECT opsdeck_enable_tenant_rls('attachments');

-- A deleted owner's attachments are archived with it (never orphaned: the storage sweep can find them).
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
