-- +goose Up
-- Slack (and Slack-compatible) incoming webhooks as a kind of endpoint, and the e-mail channel in the delivery log.
-- A Slack webhook URL is itself the credential: `url` keeps only its redacted form (scheme, host, first path segment)
-- and `url_sealed` holds the whole URL encrypted with the deployment's key.
ALTER TABLE webhook_endpoints
    ADD COLUMN kind text NOT NULL DEFAULT 'standard' CHECK (kind IN ('standard', 'slack')),
    ADD COLUMN url_sealed text CHECK (url_sealed IS NULL OR url_sealed LIKE 'v1:%'),
    ADD CONSTRAINT webhook_endpoints_slack_url CHECK ((kind = 'slack') = (url_sealed IS NOT NULL));

-- The organisation-wide delivery log (every channel), newest first, filtered by channel.
CREATE INDEX notification_deliveries_org_idx ON notification_deliveries (organization_id, created_at DESC, id DESC);
CREATE INDEX notification_deliveries_channel_idx ON notification_deliveries (organization_id, channel, created_at DESC, id DESC);
