/** The inbox's filter lives in the address (`/notifications?unread=true`), so that the view survives a reload. */
export interface NotificationSearch {
  /** Only unread notifications; omitted for all. */
  unread?: true;
}

export function validateNotificationSearch(input: Record<string, unknown>): NotificationSearch {
  return input.unread === true || input.unread === 'true' ? { unread: true } : {};
}
