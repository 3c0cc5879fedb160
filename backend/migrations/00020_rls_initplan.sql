-- +goose Up
-- Row-level security evaluated once per query instead of once per row: the policies compare with
-- (SELECT opsdeck_current_org()), which PostgreSQL computes once (an InitPlan) and can use as an index condition,
-- where the bare function call was re-evaluated for every row a sequential scan visits (ADR 0004 addendum; measured
-- in docs/assets.md: counting 100,000 assets went from a per-row filter to an index-only scan).
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION opsdeck_enable_tenant_rls(tbl regclass, key_column text DEFAULT 'organization_id') RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
    EXECUTE format(
        'CREATE POLICY tenant_isolation ON %s USING (%I = (SELECT opsdeck_current_org())) WITH CHECK (%I = (SELECT opsdeck_current_org()))',
        tbl, key_column, key_column);
END
$$;
DO $$
DECLARE
    p record;
BEGIN
    FOR p IN SELECT c.oid::regclass AS tbl, pol.polname, a.attname AS col
        FROM pg_policy pol
        JOIN pg_class c ON c.oid = pol.polrelid
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'organization_id'
        WHERE pol.polname = 'tenant_isolation'
    LOOP
        EXECUTE format('ALTER POLICY tenant_isolation ON %s USING (%I = (SELECT opsdeck_current_org())) WITH CHECK (%I = (SELECT opsdeck_current_org()))',
            p.tbl, p.col, p.col);
    END LOOP;
END
$$;
ALTER POLICY tenant_jobs ON river_job
    USING ((metadata->>'organization_id')::uuid = (SELECT opsdeck_current_org()))
    WITH CHECK ((metadata->>'organization_id')::uuid = (SELECT opsdeck_current_org()));
-- +goose StatementEnd
