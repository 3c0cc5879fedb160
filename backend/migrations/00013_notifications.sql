-- +goose Up
-- Notifications (SPEC §1.7): the in-app inbox, outgoing webhook endpoints and the delivery log of every send.
CREATE TABLE notifications (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    user_id         uuid        NOT NULL REFERENCES users (id),
    event           text        NOT NULL CHECK (length(event) BETWEEN 3 AND 100),
    title           text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    body            text        NOT NULL DEFAULT '' CHECK (length(body) <= 2000),
    link            text        CHECK (link IS NULL OR (link LIKE '/%' AND length(link) <= 2000)),
    created_at      timestamptz NOT NULL DEFAULT now(),
    read_at         timestamptz
);
CREATE INDEX notifications_inbox_idx ON notifications (organization_id, user_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (organization_id, user_id) WHERE read_at IS NULL;
SELECT opsdeck_enable_tenant_rls('notifications');

CREATE TABLE webhook_endpoints (
    id                uuid        PRIMARY KEY,
    organization_id   uuid        NOT NULL REFERENCES organizations (id),
    name              text        NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    url               text        NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2000),
    events            text[]      NOT NULL CHECK (cardinality(events) BETWEEN 1 AND 200),
    enabled           boolean     NOT NULL DEFAULT true,
    secrets           text        NOT NULL CHECK (secrets LIKE 'v1:%'), -- encrypted JSON list of signing secrets
    secret_rotated_at timestamptz NOT NULL DEFAULT now(),
    last_delivery_at  timestamptz,
    last_status       text        CHECK (last_status IN ('succeeded', 'failed')),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    version           bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
    archived_at       timestamptz
);
CREATE UNIQUE INDEX webhook_endpoints_org_name_key ON webhook_endpoints (organization_id, lower(name)) WHERE archived_at IS NULL;
CREATE INDEX webhook_endpoints_org_name_idx ON webhook_endpoints (organization_id, name, id);
CREATE INDEX webhook_endpoints_events_idx ON webhook_endpoints USING gin (events) WHERE archived_at IS NULL AND enabled;
SELECT opsdeck_enable_tenant_rls('webhook_endpoints');

-- One row per attempt to deliver a notification on a channel (webhook now; e-mail and Slack use the same log).
CREATE TABLE notification_deliveries (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    channel         text        NOT NULL CHECK (channel IN ('email', 'webhook', 'slack')),
    endpoint_id     uuid        REFERENCES webhook_endpoints (id),
    event           text        NOT NULL CHECK (length(event) BETWEEN 3 AND 100),
    message_id      text        NOT NULL CHECK (length(message_id) <= 100),
    target          text        NOT NULL DEFAULT '' CHECK (length(target) <= 500),
    attempt         integer     NOT NULL CHECK (attempt >= 1),
    succeeded       boolean     NOT NULL,
    status_code     integer,
    duration_ms     integer     NOT NULL DEFAULT 0 CHECK (duration_ms >= 0),
    response        text        NOT NULL DEFAULT '' CHECK (length(response) <= 1024),
    error           text        NOT NULL DEFAULT '' CHECK (length(error) <= 1000),
    job_id          bigint,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_deliveries_endpoint_idx ON notification_deliveries (organization_id, endpoint_id, created_at DESC, id DESC);
SELECT opsdeck_enable_tenant_rls('notification_deliveries');
REVOKE UPDATE, DELETE ON notification_deliveries FROM opsdeck_tenant;
