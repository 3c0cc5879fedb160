-- +goose Up
-- Second factor (SPEC §1.2): one-time recovery codes and the short-lived challenge between password and TOTP.
CREATE TABLE recovery_codes (
    user_id    uuid        NOT NULL REFERENCES users (id),
    code_hash  text        NOT NULL CHECK (length(code_hash) = 64),
    created_at timestamptz NOT NULL DEFAULT now(),
    used_at    timestamptz,
    PRIMARY KEY (user_id, code_hash)
);
REVOKE ALL ON recovery_codes FROM opsdeck_tenant;

CREATE TABLE mfa_challenges (
    token_hash      text        PRIMARY KEY CHECK (length(token_hash) = 64),
    user_id         uuid        NOT NULL REFERENCES users (id),
    organization_id uuid        REFERENCES organizations (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    used_at         timestamptz
);
CREATE INDEX mfa_challenges_user_idx ON mfa_challenges (user_id);
SELECT opsdeck_enable_tenant_rls('mfa_challenges'); -- defence in depth: only platform-scope code touches it
REVOKE ALL ON mfa_challenges FROM opsdeck_tenant;
