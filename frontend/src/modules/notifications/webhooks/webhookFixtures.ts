/** Webhook endpoints, deliveries and the event catalogue as the API answers them, for the webhook pages' tests. */
import type { Delivery, DeliveryList, NotificationEvent, Webhook, WebhookList } from './webhooksApi';

export function webhookFixture(overrides: Partial<Webhook> = {}): Webhook {
  return {
    id: '0193a2b4-0000-7000-8000-00000000e100',
    name: 'SIEM',
    kind: 'standard',
    url: 'https://siem.acme-energy.example/hooks/opsdeck',
    events: ['incidents.created', 'risk.accepted', 'audit.exported'],
    enabled: true,
    secret_rotated_at: '2026-11-01T10:00:00Z',
    last_delivery_at: '2026-11-22T10:00:00Z',
    last_status: 'succeeded',
    created_at: '2026-11-01T10:00:00Z',
    archived_at: null,
    version: 4,
    ...overrides,
  };
}

/** A Slack endpoint as the API answers it: the URL redacted (it is the credential). */
export function slackWebhookFixture(overrides: Partial<Webhook> = {}): Webhook {
  return webhookFixture({
    id: '0193a2b4-0000-7000-8000-00000000e1a1',
    name: 'Ops channel',
    kind: 'slack',
    url: 'https://hooks.slack.com/services/…',
    events: ['incidents.created'],
    ...overrides,
  });
}

export function webhookListFixture(items: Webhook[], overrides: Partial<WebhookList> = {}): WebhookList {
  return { items, next_cursor: null, total: items.length, ...overrides };
}

export function deliveryFixture(overrides: Partial<Delivery> = {}): Delivery {
  return {
    id: '0193a2b4-0000-7000-8000-00000000d501',
    channel: 'webhook',
    endpoint_id: '0193a2b4-0000-7000-8000-00000000e100',
    target: 'https://siem.acme-energy.example/hooks/opsdeck',
    event: 'incidents.created',
    message_id: 'msg_2pQ9',
    attempt: 1,
    succeeded: true,
    status_code: 200,
    duration_ms: 84,
    response: '{"ok":true}',
    error: '',
    created_at: '2026-11-22T10:00:00Z',
    ...overrides,
  };
}

export function deliveryListFixture(items: Delivery[], overrides: Partial<DeliveryList> = {}): DeliveryList {
  return { items, next_cursor: null, total: items.length, ...overrides };
}

export function notificationEventFixture(overrides: Partial<NotificationEvent> = {}): NotificationEvent {
  return {
    code: 'incidents.created',
    module: 'incidents',
    name: 'Incident created',
    description: 'A new incident was recorded.',
    default_channels: ['in_app', 'webhook'],
    placeholders: [],
    ...overrides,
  };
}

export const EVENT_CATALOGUE: NotificationEvent[] = [
  notificationEventFixture({ code: 'audit.exported', module: 'administration', name: 'Audit log exported' }),
  notificationEventFixture(),
  notificationEventFixture({ code: 'risk.accepted', module: 'risk', name: 'Risk accepted' }),
];
