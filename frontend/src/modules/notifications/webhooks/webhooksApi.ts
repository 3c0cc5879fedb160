/**
 * Outgoing webhook endpoints (openapi.yaml, tag notifications): the list, one endpoint with its ETag, the changes
 * (create, merge-patch, archive, rotate the secret, send a test) and the delivery log. Reading needs `administration`
 * read, changing it `administration` admin. Secrets come back once, in the answer that made them, and are never stored.
 * Slack endpoints (`kind: slack`) have no signing secret: their URL is the credential, stored encrypted and only ever
 * answered redacted.
 */
import {
  infiniteQueryOptions,
  keepPreviousData,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import type { components, operations } from '../../../api/schema';
import { client, unwrap, unwrapVersioned, type Versioned } from '../../../lib/api';
import { auditEventsQueryKey } from '../../../lib/audit';

export type Webhook = components['schemas']['Webhook'];
export type WebhookKind = components['schemas']['WebhookKind'];
export type WebhookList = components['schemas']['WebhookList'];
export type WebhookCreate = components['schemas']['WebhookCreate'];
export type WebhookPatch = components['schemas']['WebhookPatch'];
export type WebhookWithSecret = components['schemas']['WebhookWithSecret'];
export type Delivery = components['schemas']['Delivery'];
export type DeliveryList = components['schemas']['DeliveryList'];
export type NotificationEvent = components['schemas']['NotificationEvent'];
export type JobRef = components['schemas']['JobRef'];

type WebhooksQueryParams = NonNullable<operations['listWebhooks']['parameters']['query']>;
type DeliveriesQueryParams = NonNullable<operations['listWebhookDeliveries']['parameters']['query']>;
export type WebhookSort = NonNullable<WebhooksQueryParams['sort']>;
export type DeliveryOutcome = NonNullable<DeliveriesQueryParams['outcome']>;

export const WEBHOOK_SORTS: readonly WebhookSort[] = ['name', '-name', 'created_at', '-created_at'];
export const DEFAULT_WEBHOOK_SORT: WebhookSort = 'name';
/** Signed JSON (Standard Webhooks) or a Slack-compatible incoming webhook; chosen at creation, never changed. */
export const WEBHOOK_KINDS: readonly WebhookKind[] = ['standard', 'slack'];
export const DEFAULT_WEBHOOK_KIND: WebhookKind = 'standard';
export const DELIVERY_OUTCOMES: readonly DeliveryOutcome[] = ['succeeded', 'failed'];
/** The event code that subscribes to every event. */
export const ALL_EVENTS = '*';
export const PAGE_SIZE = 50;
const MAX_PAGE = 200;

export const webhooksQueryKey = ['webhooks'] as const;
export const notificationEventsQueryKey = ['notification-events'] as const;

/** The `If-Match` of a webhook read from a list or a POST answer, where no ETag header came with it. */
export function webhookEtag(resource: Versioned<Webhook>): string {
  return resource.etag ?? `"${String(resource.data.version)}"`;
}

export interface WebhookFilters {
  include_archived?: boolean;
  sort?: WebhookSort;
}

/** GET /webhooks, one page per `next_cursor`. */
export function webhooksQueryOptions(filters: WebhookFilters, pageSize = PAGE_SIZE) {
  const query: WebhooksQueryParams = {
    ...(filters.include_archived ? { include_archived: true } : {}),
    sort: filters.sort ?? DEFAULT_WEBHOOK_SORT,
    limit: pageSize,
  };
  return infiniteQueryOptions({
    queryKey: [...webhooksQueryKey, 'list', query] as const,
    queryFn: async ({ pageParam, signal }): Promise<WebhookList> =>
      (await unwrap(client.GET('/webhooks', { params: { query: { ...query, cursor: pageParam } }, signal }))).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useWebhooks(filters: WebhookFilters) {
  return useInfiniteQuery({ ...webhooksQueryOptions(filters), placeholderData: keepPreviousData });
}

/** GET /webhooks/{id} with the ETag that a later PATCH must send. */
export function webhookQueryOptions(id: string) {
  return queryOptions({
    queryKey: [...webhooksQueryKey, 'detail', id] as const,
    queryFn: ({ signal }): Promise<Versioned<Webhook>> =>
      unwrapVersioned(client.GET('/webhooks/{id}', { params: { path: { id } }, signal })),
  });
}

/** GET /webhooks/{id}/deliveries, newest first, one page per `next_cursor`. */
export function deliveriesQueryOptions(id: string, outcome: DeliveryOutcome | undefined, pageSize = PAGE_SIZE) {
  const query: DeliveriesQueryParams = { ...(outcome ? { outcome } : {}), sort: '-created_at', limit: pageSize };
  return infiniteQueryOptions({
    queryKey: [...webhooksQueryKey, 'deliveries', id, query] as const,
    queryFn: async ({ pageParam, signal }): Promise<DeliveryList> =>
      (
        await unwrap(
          client.GET('/webhooks/{id}/deliveries', {
            params: { path: { id }, query: { ...query, cursor: pageParam } },
            signal,
          }),
        )
      ).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useDeliveries(id: string, outcome: DeliveryOutcome | undefined) {
  return useInfiniteQuery({ ...deliveriesQueryOptions(id, outcome), placeholderData: keepPreviousData });
}

/** The whole event catalogue (a few dozen events), by code. */
export function notificationEventsQueryOptions() {
  return queryOptions({
    queryKey: [...notificationEventsQueryKey, 'all'] as const,
    queryFn: async ({ signal }): Promise<NotificationEvent[]> => {
      const events: NotificationEvent[] = [];
      let cursor: string | undefined;
      do {
        const { data } = await unwrap(
          client.GET('/notification-events', { params: { query: { sort: 'code', limit: MAX_PAGE, cursor } }, signal }),
        );
        events.push(...data.items);
        cursor = data.next_cursor ?? undefined;
      } while (cursor !== undefined);
      return events;
    },
    staleTime: 5 * 60_000,
  });
}

/** After a change: the lists, the endpoint's details and log, and the audit trail that recorded it. */
function useInvalidateWebhooks() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: webhooksQueryKey }),
      queryClient.invalidateQueries({ queryKey: auditEventsQueryKey }),
    ]);
}

export function useCreateWebhook() {
  const invalidate = useInvalidateWebhooks();
  return useMutation({
    mutationFn: async (body: WebhookCreate): Promise<WebhookWithSecret> =>
      (await unwrap(client.POST('/webhooks', { body }))).data,
    onSuccess: () => invalidate(),
  });
}

export function useUpdateWebhook(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateWebhooks();
  return useMutation({
    mutationFn: ({ patch, etag }: { patch: WebhookPatch; etag: string }): Promise<Versioned<Webhook>> =>
      unwrapVersioned(
        client.PATCH('/webhooks/{id}', { params: { path: { id }, header: { 'If-Match': etag } }, body: patch }),
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(webhookQueryOptions(id).queryKey, saved);
      void invalidate();
    },
  });
}

export function useArchiveWebhook(id: string) {
  const invalidate = useInvalidateWebhooks();
  return useMutation({
    mutationFn: async (): Promise<Webhook> =>
      (await unwrap(client.POST('/webhooks/{id}/archive', { params: { path: { id } } }))).data,
    onSettled: () => invalidate(),
  });
}

export function useRotateWebhookSecret(id: string) {
  const invalidate = useInvalidateWebhooks();
  return useMutation({
    mutationFn: async (): Promise<WebhookWithSecret> =>
      (await unwrap(client.POST('/webhooks/{id}/rotate-secret', { params: { path: { id } } }))).data,
    onSuccess: () => invalidate(),
  });
}

export function useTestWebhook(id: string) {
  return useMutation({
    mutationFn: async (): Promise<JobRef> =>
      (await unwrap(client.POST('/webhooks/{id}/test', { params: { path: { id } } }))).data,
  });
}

/** The subscribed events as the form edits them: `*` alone, or codes. */
export function normalizeEvents(events: readonly string[]): string[] {
  if (events.includes(ALL_EVENTS)) return [ALL_EVENTS];
  return [...new Set(events)];
}
