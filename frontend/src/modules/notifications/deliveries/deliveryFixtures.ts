/** Delivery attempts of every channel as GET /notification-deliveries answers them, for the delivery log's tests. */
import type { Delivery, DeliveryList } from './deliveriesApi';

export const SIEM_ID = '0193a2b4-0000-7000-8000-00000000e100';
export const SLACK_ID = '0193a2b4-0000-7000-8000-00000000e1a1';

export function logDeliveryFixture(overrides: Partial<Delivery> = {}): Delivery {
  return {
    id: '0193a2b4-0000-7000-8000-00000000d601',
    channel: 'webhook',
    endpoint_id: SIEM_ID,
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

/** An e-mail to a person: no endpoint, the SMTP server's answer. */
export const emailDelivery = logDeliveryFixture({
  id: '0193a2b4-0000-7000-8000-00000000d602',
  channel: 'email',
  endpoint_id: null,
  target: 'ann.dupont@acme-energy.example',
  event: 'risk.accepted',
  message_id: '<20261122.1@opsdeck>',
  status_code: 250,
  duration_ms: 312,
  response: '250 2.0.0 OK queued',
  created_at: '2026-11-22T09:30:00Z',
});

/** A Slack message that the chat refused: its URL is redacted. */
export const slackDelivery = logDeliveryFixture({
  id: '0193a2b4-0000-7000-8000-00000000d603',
  channel: 'slack',
  endpoint_id: SLACK_ID,
  target: 'https://hooks.slack.com/services/…',
  event: 'audit.exported',
  attempt: 3,
  succeeded: false,
  status_code: 404,
  duration_ms: 1540,
  response: 'no_service',
  error: 'receiver answered 404',
  created_at: '2026-11-22T09:00:00Z',
});

/** A webhook of an event the catalogue does not know (any more). */
export const unknownEventDelivery = logDeliveryFixture({
  id: '0193a2b4-0000-7000-8000-00000000d604',
  event: 'legacy.thing_happened',
  succeeded: false,
  status_code: null,
  duration_ms: 10_000,
  response: '',
  error: 'dial tcp: i/o timeout',
  created_at: '2026-11-22T08:00:00Z',
});

export const webhookDelivery = logDeliveryFixture();

export function deliveryLogFixture(items: Delivery[], overrides: Partial<DeliveryList> = {}): DeliveryList {
  return { items, next_cursor: null, total: items.length, ...overrides };
}
