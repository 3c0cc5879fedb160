-- +goose Up
-- Per-organisation choices for each event of the catalogue, and the organisation's own e-mail templates (system
-- templates live in the code and cannot be changed).
CREATE TABLE notification_settings (
    id                 uuid        PRIMARY KEY,
    organization_id    uuid        NOT NULL REFERENCES organizations (id),
    event              text        NOT NULL CHECK (length(event) BETWEEN 3 AND 100),
    enabled            boolean     NOT NULL,
    channels           text[]      NOT NULL CHECK (channels <@ ARRAY['in_app', 'email', 'webhook', 'slack']::text[]),
    offsets_days       integer[]   NOT NULL DEFAULT '{}' CHECK (cardinality(offsets_days) <= 10),
    recipient_role_ids uuid[]      NOT NULL DEFAULT '{}' CHECK (cardinality(recipient_role_ids) <= 50),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    version            bigint      NOT NULL DEFAULT 1 CHECK (version >= 1)
);
CREATE UNIQUE INDEX notification_settings_org_event_key ON notification_settings (organization_id, event);
SELECT opsdeck_enable_tenant_rls('notification_settings');

CREATE TABLE email_templates (
    id              uuid        PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    event           text        NOT NULL CHECK (length(event) BETWEEN 3 AND 100),
    locale          text        NOT NULL CHECK (locale IN ('en', 'fr', 'de', 'nl')),
    subject         text        NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
    text_body       text        NOT NULL CHECK (length(text_body) BETWEEN 1 AND 65536),
    html_body       text        NOT NULL DEFAULT '' CHECK (length(html_body) <= 65536),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         bigint      NOT NULL DEFAULT 1 CHECK (version >= 1)
);
CREATE UNIQUE INDEX email_templates_org_event_locale_key ON email_templates (organization_id, event, locale);
SELECT opsdeck_enable_tenant_rls('email_templates');
