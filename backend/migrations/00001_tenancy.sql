-- +goose Up
-- Tenancy backstop: row-level security keyed on a per-transaction setting.
--
-- The application connects as the owner of the schema (it runs migrations). Every request that acts inside an
-- organisation runs in a transaction that switches to the role opsdeck_tenant (SET LOCAL ROLE) and sets
-- opsdeck.organization_id; opsdeck_tenant owns nothing and has no BYPASSRLS, so the policies below apply to it even when
-- the connecting user is a superuser. Platform-scope work (migrations, platform administration, seeding) stays on the
-- owner role and is not filtered.

-- +goose StatementBegin
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'opsdeck_tenant') THEN
        CREATE ROLE opsdeck_tenant NOLOGIN NOINHERIT NOBYPASSRLS;
    END IF;
    -- A non-superuser owner must be a member to SET ROLE; harmless for a superuser.
    IF NOT pg_has_role(current_user, 'opsdeck_tenant', 'MEMBER') THEN
        EXECUTE format('GRANT opsdeck_tenant TO %I', current_user);
    END IF;
END
$$;
-- +goose StatementEnd

GRANT USAGE ON SCHEMA public TO opsdeck_tenant;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO opsdeck_tenant;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO opsdeck_tenant;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO opsdeck_tenant;

-- The organisation of the current transaction, or NULL outside a tenant transaction (which then matches no row).
CREATE FUNCTION opsdeck_current_org() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('opsdeck.organization_id', true), '')::uuid $$;

-- opsdeck_enable_tenant_rls turns on row-level security for a tenant table whose organisation is in key_column.
-- Every migration that creates a tenant-owned table calls it; a test checks that no table with organization_id lacks it.
-- +goose StatementBegin
CREATE FUNCTION opsdeck_enable_tenant_rls(tbl regclass, key_column text DEFAULT 'organization_id') RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
    EXECUTE format(
        'CREATE POLICY tenant_isolation ON %s USING (%I = opsdeck_current_org()) WITH CHECK (%I = opsdeck_current_org())',
        tbl, key_column, key_column);
END
$$;
-- +goose StatementEnd
