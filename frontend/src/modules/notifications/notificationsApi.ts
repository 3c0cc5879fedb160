/**
 * The signed-in user's in-app notifications (openapi.yaml, tag notifications): the unread count of the header's bell,
 * the latest few, the keyset-paged inbox, and marking them read. Every view shares the `['notifications']` key prefix,
 * so that marking one read refreshes the badge, the popover and the inbox together.
 */
import {
  infiniteQueryOptions,
  keepPreviousData,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import type { components } from '../../api/schema';
import { client, toApiError, unwrap } from '../../lib/api';
import { showProblemNotification } from '../../lib/problemNotification';

export type Notification = components['schemas']['Notification'];
export type NotificationList = components['schemas']['NotificationList'];
export type MarkedRead = components['schemas']['MarkedRead'];

export const notificationsQueryKey = ['notifications'] as const;

/** The bell asks again every minute (and when the window gets the focus back). */
export const UNREAD_POLL_INTERVAL = 60_000;
/** How many the bell's popover shows. */
export const LATEST_COUNT = 8;
export const INBOX_PAGE_SIZE = 50;

/** How many are unread (all pages): one row is enough to get the count. */
export function unreadCountQueryOptions() {
  return queryOptions({
    queryKey: [...notificationsQueryKey, 'unread-count'] as const,
    queryFn: async ({ signal }): Promise<number> =>
      (await unwrap(client.GET('/me/notifications', { params: { query: { limit: 1 } }, signal }))).data.unread,
  });
}

/** The latest notifications, read or not, newest first (the bell's popover). */
export function latestNotificationsQueryOptions(limit = LATEST_COUNT) {
  return queryOptions({
    queryKey: [...notificationsQueryKey, 'latest', limit] as const,
    queryFn: async ({ signal }): Promise<NotificationList> =>
      (await unwrap(client.GET('/me/notifications', { params: { query: { limit } }, signal }))).data,
  });
}

/** GET /me/notifications for the inbox, newest first, one page per `next_cursor`. */
export function inboxQueryOptions({ unread }: { unread: boolean }, pageSize = INBOX_PAGE_SIZE) {
  const query = { ...(unread ? { unread: true } : {}), sort: '-created_at' as const, limit: pageSize };
  return infiniteQueryOptions({
    queryKey: [...notificationsQueryKey, 'inbox', query] as const,
    queryFn: async ({ pageParam, signal }): Promise<NotificationList> =>
      (await unwrap(client.GET('/me/notifications', { params: { query: { ...query, cursor: pageParam } }, signal })))
        .data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useInbox(filters: { unread: boolean }) {
  return useInfiniteQuery({ ...inboxQueryOptions(filters), placeholderData: keepPreviousData });
}

export function useMarkNotificationRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string): Promise<Notification> =>
      (await unwrap(client.POST('/me/notifications/{id}/read', { params: { path: { id } } }))).data,
    // Here rather than per call: the popover that asked may be gone (the user followed the link).
    onError: (error) => {
      showProblemNotification(toApiError(error));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationsQueryKey }),
  });
}

export function useMarkAllNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (): Promise<MarkedRead> => (await unwrap(client.POST('/me/notifications/read-all'))).data,
    onError: (error) => {
      showProblemNotification(toApiError(error));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationsQueryKey }),
  });
}

/**
 * Where a notification leads, when it is a path of this application (`/administration/jobs?job=4`). Anything else —
 * another site, a protocol-relative `//host` — is not followed.
 */
export function notificationPath(link: string | null | undefined): string | undefined {
  if (!link?.startsWith('/') || link.startsWith('//') || link.startsWith('/\\')) return undefined;
  return link;
}
