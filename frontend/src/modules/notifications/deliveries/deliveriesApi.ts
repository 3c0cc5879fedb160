/**
 * The organisation's delivery log of every channel (openapi.yaml, operation listDeliveries): each attempt to deliver an
 * e-mail, a webhook or a Slack message, newest first by default, filtered by the server. Reading needs `administration`
 * read. The per-endpoint log of one webhook stays in ../webhooks/webhooksApi.ts.
 */
import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { components, operations } from '../../../api/schema';
import { client, unwrap } from '../../../lib/api';

export type Delivery = components['schemas']['Delivery'];
export type DeliveryList = components['schemas']['DeliveryList'];

type DeliveryLogQueryParams = NonNullable<operations['listDeliveries']['parameters']['query']>;
export type DeliveryChannel = NonNullable<DeliveryLogQueryParams['channel']>;
export type DeliveryOutcome = NonNullable<DeliveryLogQueryParams['outcome']>;
export type DeliverySort = NonNullable<DeliveryLogQueryParams['sort']>;

export const DELIVERY_CHANNELS: readonly DeliveryChannel[] = ['email', 'webhook', 'slack'];
export const DELIVERY_OUTCOMES: readonly DeliveryOutcome[] = ['succeeded', 'failed'];
export const DELIVERY_SORTS: readonly DeliverySort[] = ['-created_at', 'created_at'];
export const DEFAULT_DELIVERY_SORT: DeliverySort = '-created_at';
/** The contract's limits on the text filters. */
export const MAX_EVENT_LENGTH = 100;
export const MAX_QUERY_LENGTH = 200;
export const PAGE_SIZE = 50;

export const deliveryLogQueryKey = ['notification-deliveries'] as const;

export interface DeliveryFilters {
  channel?: DeliveryChannel;
  outcome?: DeliveryOutcome;
  /** An event code of the catalogue. */
  event?: string;
  /** Text in the target (e-mail address or URL). */
  q?: string;
  sort?: DeliverySort;
}

/** GET /notification-deliveries, one page per `next_cursor`. */
export function deliveryLogQueryOptions(filters: DeliveryFilters, pageSize = PAGE_SIZE) {
  const query: DeliveryLogQueryParams = {
    ...(filters.channel ? { channel: filters.channel } : {}),
    ...(filters.outcome ? { outcome: filters.outcome } : {}),
    ...(filters.event ? { event: filters.event } : {}),
    ...(filters.q ? { q: filters.q } : {}),
    sort: filters.sort ?? DEFAULT_DELIVERY_SORT,
    limit: pageSize,
  };
  return infiniteQueryOptions({
    queryKey: [...deliveryLogQueryKey, 'list', query] as const,
    queryFn: async ({ pageParam, signal }): Promise<DeliveryList> =>
      (
        await unwrap(
          client.GET('/notification-deliveries', { params: { query: { ...query, cursor: pageParam } }, signal }),
        )
      ).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useDeliveryLog(filters: DeliveryFilters) {
  return useInfiniteQuery({ ...deliveryLogQueryOptions(filters), placeholderData: keepPreviousData });
}
