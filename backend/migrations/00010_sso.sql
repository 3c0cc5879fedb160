-- +goose Up
-- OpenID Connect single sign-on per organisation (SPEC §1.2).
CREATE TABLE sso_providers (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL UNIQUE REFERENCES organizations (id),
    enabled         boolean     NOT NULL DEFAULT false,
    issuer          text        NOT NULL CHECK (issuer ~ '^https?://[^\s]+$' AND length(issuer) <= 500),
    client_id       text        NOT NULL CHECK (length(client_id) BETWEEN 1 AND 500),
    client_secret   text        CHECK (client_secret IS NULL OR client_secret LIKE 'v1:%'), -- encrypted (secrets pkg)
    allowed_domains text[]      NOT NULL DEFAULT '{}' CHECK (cardinality(allowed_domains) <= 50),
    auto_provision  boolean     NOT NULL DEFAULT false,
    default_role_id uuid        REFERENCES roles (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
    CHECK (NOT auto_provision OR default_role_id IS NOT NULL),
    CHECK (NOT enabled OR cardinality(allowed_domains) > 0)
);
SELECT opsdeck_enable_tenant_rls('sso_providers');

-- A sign-in in progress: what the callback must find again (single use, ten minutes). Only the state's hash is kept.
CREATE TABLE sso_states (
    state_hash      text        PRIMARY KEY CHECK (length(state_hash) = 64),
    organization_id uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    nonce           text        NOT NULL,
    code_verifier   text        NOT NULL,
    redirect        text        NOT NULL DEFAULT '/',
    expires_at      timestamptz NOT NULL
);
CREATE INDEX sso_states_expires_idx ON sso_states (expires_at);
SELECT opsdeck_enable_tenant_rls('sso_states');
REVOKE ALL ON sso_states FROM opsdeck_tenant;

-- Which provider account is which user: bound at the first single sign-on, then matched by (issuer, subject) so that a
-- changed e-mail at the provider still reaches the same person.
CREATE TABLE sso_identities (
    issuer          text        NOT NULL,
    subject         text        NOT NULL,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    user_id         uuid        NOT NULL REFERENCES users (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_used_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX sso_identities_user_idx ON sso_identities (user_id);
SELECT opsdeck_enable_tenant_rls('sso_identities');
REVOKE ALL ON sso_identities FROM opsdeck_tenant;

