-- +goose Up
-- API tokens for integrations (SPEC §1.2): opaque, shown once, stored as a SHA-256 hash, scoped to modules × level
-- within the owner's rights in one organisation, expiring, revocable, with last use recorded.
CREATE TABLE api_tokens (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    user_id         uuid        NOT NULL REFERENCES users (id),
    name            text        NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    lookup          text        NOT NULL CHECK (length(lookup) = 8),
    token_hash      text        NOT NULL CHECK (length(token_hash) = 64),
    scopes          jsonb       NOT NULL CHECK (jsonb_typeof(scopes) = 'object'),
    expires_at      timestamptz NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
    last_used_at    timestamptz,
    last_used_ip    text        NOT NULL DEFAULT '' CHECK (length(last_used_ip) <= 64),
    revoked_at      timestamptz,
    CHECK (expires_at > created_at)
);
CREATE UNIQUE INDEX api_tokens_hash_key ON api_tokens (token_hash);
-- The lookup part is not unique (≈ 47 bits): it narrows the search, the hash decides.
CREATE INDEX api_tokens_lookup_idx ON api_tokens (lookup);
CREATE INDEX api_tokens_owner_idx ON api_tokens (organization_id, user_id, created_at DESC, id DESC);
CREATE INDEX api_tokens_org_idx ON api_tokens (organization_id, created_at DESC, id DESC);
SELECT opsdeck_enable_tenant_rls('api_tokens');
