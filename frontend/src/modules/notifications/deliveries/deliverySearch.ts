/**
 * The delivery log keeps its filters in the address (`/administration/notification-deliveries?channel=slack&outcome=failed
 * &event=incidents.created&q=acme`), so that a filtered view can be bookmarked and shared. What the API would refuse is
 * dropped; defaults and empty values stay out.
 */
import {
  DEFAULT_DELIVERY_SORT,
  DELIVERY_CHANNELS,
  DELIVERY_OUTCOMES,
  DELIVERY_SORTS,
  type DeliveryChannel,
  type DeliveryFilters,
  type DeliveryOutcome,
  type DeliverySort,
  MAX_EVENT_LENGTH,
  MAX_QUERY_LENGTH,
} from './deliveriesApi';

/** The contract's EventCode pattern, without `*` (a delivery is of one event). */
const EVENT_CODE = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/;

export type DeliverySearch = DeliveryFilters;

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** The router parses `?q=42` as a number and `?q=true` as a boolean: a text filter is text. */
function text(value: unknown, max: number): string | undefined {
  let s: string | undefined;
  if (typeof value === 'string') s = value.trim();
  else if (typeof value === 'number' || typeof value === 'boolean') s = String(value);
  return s && s.length <= max ? s : undefined;
}

function compact(search: DeliverySearch): DeliverySearch {
  const out: DeliverySearch = {};
  if (search.channel) out.channel = search.channel;
  if (search.outcome) out.outcome = search.outcome;
  if (search.event) out.event = search.event;
  if (search.q) out.q = search.q;
  if (search.sort && search.sort !== DEFAULT_DELIVERY_SORT) out.sort = search.sort;
  return out;
}

/**
 * The route's search validation. Every key is in the answer, undefined when refused: the router spreads it over the
 * address's raw search, so a refused value must be overwritten, not merely left out.
 */
export function validateDeliverySearch(input: Record<string, unknown>): DeliverySearch {
  const event = text(input.event, MAX_EVENT_LENGTH);
  const none: Required<Record<keyof DeliverySearch, undefined>> = {
    channel: undefined,
    outcome: undefined,
    event: undefined,
    q: undefined,
    sort: undefined,
  };
  return {
    ...none,
    ...compact({
    channel: oneOf<DeliveryChannel>(input.channel, DELIVERY_CHANNELS),
    outcome: oneOf<DeliveryOutcome>(input.outcome, DELIVERY_OUTCOMES),
    event: event !== undefined && EVENT_CODE.test(event) ? event : undefined,
    q: text(input.q, MAX_QUERY_LENGTH),
      sort: oneOf<DeliverySort>(input.sort, DELIVERY_SORTS),
    }),
  };
}

/** The search after applying `patch`: empty values and the default sort leave the address. */
export function mergeDeliverySearch(current: DeliverySearch, patch: Partial<DeliverySearch>): DeliverySearch {
  return compact({ ...current, ...patch });
}

export function hasDeliveryFilters(search: DeliverySearch): boolean {
  return Boolean(search.channel ?? search.outcome ?? search.event ?? search.q);
}
