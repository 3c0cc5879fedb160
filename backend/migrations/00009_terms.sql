-- +goose Up
-- Terms-of-use acceptance (SPEC §1.2): who accepted which version of an organisation's terms, and when; asked again a
-- year later.
CREATE TABLE terms_acceptances (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    user_id         uuid        NOT NULL REFERENCES users (id),
    version         text        NOT NULL CHECK (version ~ '^[A-Za-z0-9._-]{1,64}$'),
    accepted_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX terms_acceptances_user_idx ON terms_acceptances (organization_id, user_id, version, accepted_at DESC);
SELECT opsdeck_enable_tenant_rls('terms_acceptances');
REVOKE UPDATE, DELETE ON terms_acceptances FROM opsdeck_tenant;
