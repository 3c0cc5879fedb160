-- +goose Up
-- Single-use links sent by e-mail (invitation to set a first password, password reset) and the client addresses a
-- user has signed in from (a new one triggers an e-mail).
CREATE TABLE action_tokens (
    token_hash text        PRIMARY KEY CHECK (length(token_hash) = 64),
    user_id    uuid        NOT NULL REFERENCES users (id),
    purpose    text        NOT NULL CHECK (purpose IN ('invite', 'reset')),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX action_tokens_user_idx ON action_tokens (user_id, purpose);
REVOKE ALL ON action_tokens FROM opsdeck_tenant;

CREATE TABLE known_ips (
    user_id    uuid        NOT NULL REFERENCES users (id),
    ip         text        NOT NULL CHECK (length(ip) <= 64),
    first_seen timestamptz NOT NULL DEFAULT now(),
    last_seen  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, ip)
);
REVOKE ALL ON known_ips FROM opsdeck_tenant;
