/** Notifications and webhooks as the API answers them, for the tests of the notification pages. */
import type { Notification, NotificationList } from './notificationsApi';

export function notificationFixture(overrides: Partial<Notification> = {}): Notification {
  return {
    id: '0193a2b4-0000-7000-8000-0000000e0001',
    event: 'jobs.failed',
    title: 'Export failed',
    body: 'The audit export stopped after 3 attempts.',
    link: '/jobs?job=40',
    created_at: new Date(Date.now() - 5 * 60_000).toISOString(),
    read_at: null,
    ...overrides,
  };
}

export function notificationListFixture(
  items: Notification[],
  overrides: Partial<NotificationList> = {},
): NotificationList {
  return {
    items,
    next_cursor: null,
    total: items.length,
    unread: items.filter((item) => item.read_at === null).length,
    ...overrides,
  };
}
