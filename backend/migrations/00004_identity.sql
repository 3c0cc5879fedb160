-- +goose Up
-- Identity (SPEC §1.2): users are deployment-wide (one person, one login, many organisations); what a person is in an
-- organisation (department, manager, status, roles) lives on the membership, which is tenant-owned.
CREATE EXTENSION IF NOT EXISTS citext;

CREATE TABLE users (
    id                   uuid        PRIMARY KEY,
    email                citext      NOT NULL CHECK (length(email) BETWEEN 3 AND 254 AND email ~ '^[^@\s]+@[^@\s]+$'),
    name                 text        NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    personal_email       citext      NOT NULL DEFAULT '' CHECK (length(personal_email) <= 254),
    phone                text        NOT NULL DEFAULT '' CHECK (length(phone) <= 64),
    locale               text        NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'fr', 'de', 'nl')),
    timezone             text        NOT NULL DEFAULT 'UTC' CHECK (length(timezone) <= 64),
    status               text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'archived')),
    password_hash        text        CHECK (password_hash IS NULL OR password_hash LIKE '$argon2id$%'),
    password_changed_at  timestamptz,
    must_change_password boolean     NOT NULL DEFAULT false,
    totp_secret          text        CHECK (totp_secret IS NULL OR totp_secret LIKE 'v1:%'), -- encrypted (secrets pkg)
    totp_enabled_at      timestamptz,
    totp_last_step       bigint      NOT NULL DEFAULT 0,
    platform_level       text        NOT NULL DEFAULT 'none' CHECK (platform_level IN ('none', 'read', 'admin')),
    last_login_at        timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    version              bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
    archived_at          timestamptz
);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE INDEX users_name_id_idx ON users (name, id);

-- A user's organisations, with what they are there.
CREATE TABLE memberships (
    id                  uuid        PRIMARY KEY,
    organization_id     uuid        NOT NULL REFERENCES organizations (id),
    user_id             uuid        NOT NULL REFERENCES users (id),
    status              text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'archived')),
    department          text        NOT NULL DEFAULT '' CHECK (length(department) <= 200),
    job_title           text        NOT NULL DEFAULT '' CHECK (length(job_title) <= 200),
    manager_id          uuid        REFERENCES users (id),
    buddy_id            uuid        REFERENCES users (id),
    hide_from_org_chart boolean     NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    version             bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
    archived_at         timestamptz,
    CHECK (manager_id IS DISTINCT FROM user_id AND buddy_id IS DISTINCT FROM user_id)
);
CREATE UNIQUE INDEX memberships_org_user_key ON memberships (organization_id, user_id);
CREATE INDEX memberships_user_idx ON memberships (user_id);
CREATE INDEX memberships_manager_idx ON memberships (organization_id, manager_id);
CREATE INDEX memberships_buddy_idx ON memberships (organization_id, buddy_id);
SELECT opsdeck_enable_tenant_rls('memberships');

-- Users are deployment-wide; inside a tenant transaction only the organisation's members are visible.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY member_visibility ON users
    USING (EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id AND m.organization_id = opsdeck_current_org()));
-- Tenants read members; only platform-scope code (sign-in, invitations, profile) writes users.
REVOKE INSERT, UPDATE, DELETE ON users FROM opsdeck_tenant;
-- The columns that hold secrets are not readable by tenant transactions at all.
REVOKE SELECT ON users FROM opsdeck_tenant;
GRANT SELECT (id, email, name, personal_email, phone, locale, timezone, status, totp_enabled_at, last_login_at,
              created_at, updated_at, version, archived_at) ON users TO opsdeck_tenant;

-- Roles: built-in templates (builtin_key set, editable) and custom roles, per organisation; a role is a set of
-- module levels.
CREATE TABLE roles (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    name            text        NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    description     text        NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
    builtin_key     text        CHECK (builtin_key IN ('owner', 'administrator', 'editor', 'viewer', 'auditor', 'employee')),
    permissions     jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(permissions) = 'object'),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
    archived_at     timestamptz
);
CREATE UNIQUE INDEX roles_org_name_key ON roles (organization_id, lower(name));
CREATE UNIQUE INDEX roles_org_builtin_key ON roles (organization_id, builtin_key) WHERE builtin_key IS NOT NULL;
SELECT opsdeck_enable_tenant_rls('roles');

-- Groups of members, per organisation.
CREATE TABLE groups (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    name            text        NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    description     text        NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
    archived_at     timestamptz
);
CREATE UNIQUE INDEX groups_org_name_key ON groups (organization_id, lower(name));
CREATE INDEX groups_org_name_id_idx ON groups (organization_id, name, id);
SELECT opsdeck_enable_tenant_rls('groups');

CREATE TABLE group_members (
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    group_id        uuid        NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id         uuid        NOT NULL REFERENCES users (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, group_id, user_id)
);
CREATE INDEX group_members_user_idx ON group_members (organization_id, user_id);
SELECT opsdeck_enable_tenant_rls('group_members');

-- Role assignments to a user or a group (the effective right is the highest level over every assignment).
CREATE TABLE role_assignments (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    role_id         uuid        NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    user_id         uuid        REFERENCES users (id),
    group_id        uuid        REFERENCES groups (id) ON DELETE CASCADE,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((user_id IS NULL) <> (group_id IS NULL))
);
CREATE UNIQUE INDEX role_assignments_user_key ON role_assignments (organization_id, role_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX role_assignments_group_key ON role_assignments (organization_id, role_id, group_id) WHERE group_id IS NOT NULL;
CREATE INDEX role_assignments_user_idx ON role_assignments (organization_id, user_id);
CREATE INDEX role_assignments_group_idx ON role_assignments (organization_id, group_id);
SELECT opsdeck_enable_tenant_rls('role_assignments');

-- Signing keys of access tokens (EdDSA), private keys encrypted with the deployment secret.
CREATE TABLE signing_keys (
    kid         text        PRIMARY KEY CHECK (length(kid) BETWEEN 8 AND 64),
    key         text        NOT NULL CHECK (key LIKE 'v1:%'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    active      boolean     NOT NULL DEFAULT false,
    retires_at  timestamptz
);
CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys (active) WHERE active;
REVOKE ALL ON signing_keys FROM opsdeck_tenant;

-- Sign-in sessions: one refresh-token family each. Reusing a rotated refresh token revokes the whole family.
CREATE TABLE sessions (
    id              uuid        PRIMARY KEY,
    user_id         uuid        NOT NULL REFERENCES users (id),
    organization_id uuid        REFERENCES organizations (id),
    amr             text[]      NOT NULL DEFAULT '{}',
    auth_time       timestamptz NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_used_at    timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    client_ip       text        NOT NULL DEFAULT '',
    user_agent      text        NOT NULL DEFAULT '',
    revoked_at      timestamptz,
    revoked_reason  text        NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user_idx ON sessions (user_id, created_at DESC);
SELECT opsdeck_enable_tenant_rls('sessions'); -- defence in depth: only platform-scope code touches sessions
REVOKE ALL ON sessions FROM opsdeck_tenant;

CREATE TABLE refresh_tokens (
    token_hash  text        PRIMARY KEY CHECK (length(token_hash) = 64),
    session_id  uuid        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    issued_at   timestamptz NOT NULL DEFAULT now(),
    rotated_at  timestamptz
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);
REVOKE ALL ON refresh_tokens FROM opsdeck_tenant;

-- Brute-force throttling shared by every instance: one row per account key and per client IP.
CREATE TABLE auth_throttle (
    key             text        PRIMARY KEY CHECK (length(key) <= 300),
    failures        integer     NOT NULL DEFAULT 0,
    last_failure_at timestamptz NOT NULL DEFAULT now(),
    locked_until    timestamptz
);
REVOKE ALL ON auth_throttle FROM opsdeck_tenant;

CREATE TABLE password_history (
    user_id     uuid        NOT NULL REFERENCES users (id),
    hash        text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, created_at)
);
REVOKE ALL ON password_history FROM opsdeck_tenant;
