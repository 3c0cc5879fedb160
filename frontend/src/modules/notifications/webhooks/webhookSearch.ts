/**
 * The webhook pages keep their view in the address: the list's archived toggle and sort
 * (`/administration/webhooks?include_archived=true&sort=-created_at`), the delivery log's outcome filter
 * (`/administration/webhooks/<id>?outcome=failed`). What the API would refuse is dropped; defaults stay out.
 */
import {
  DEFAULT_WEBHOOK_SORT,
  DELIVERY_OUTCOMES,
  type DeliveryOutcome,
  WEBHOOK_SORTS,
  type WebhookFilters,
  type WebhookSort,
} from './webhooksApi';

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

export type WebhookSearch = WebhookFilters;

function compact(search: WebhookSearch): WebhookSearch {
  const out: WebhookSearch = {};
  if (search.include_archived) out.include_archived = true;
  if (search.sort && search.sort !== DEFAULT_WEBHOOK_SORT) out.sort = search.sort;
  return out;
}

export function validateWebhookSearch(input: Record<string, unknown>): WebhookSearch {
  return compact({
    include_archived: input.include_archived === true || input.include_archived === 'true',
    sort: oneOf<WebhookSort>(input.sort, WEBHOOK_SORTS),
  });
}

export function mergeWebhookSearch(current: WebhookSearch, patch: Partial<WebhookSearch>): WebhookSearch {
  return compact({ ...current, ...patch });
}

export interface WebhookDetailSearch {
  outcome?: DeliveryOutcome;
}

export function validateWebhookDetailSearch(input: Record<string, unknown>): WebhookDetailSearch {
  const outcome = oneOf<DeliveryOutcome>(input.outcome, DELIVERY_OUTCOMES);
  return outcome ? { outcome } : {};
}
