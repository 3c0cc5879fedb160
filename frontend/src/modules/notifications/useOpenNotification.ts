import { useNavigate } from '@tanstack/react-router';
import { type Notification, notificationPath, useMarkNotificationRead } from './notificationsApi';

/**
 * Opens a notification: marks it read (when unread) and goes where it leads. Shared by the bell and the inbox; a failure
 * to mark is shown in a notification, the navigation happens anyway.
 */
export function useOpenNotification() {
  const navigate = useNavigate();
  const markRead = useMarkNotificationRead();
  return (notification: Notification): boolean => {
    if (notification.read_at === null) {
      markRead.mutate(notification.id);
    }
    const path = notificationPath(notification.link);
    if (path) void navigate({ href: path });
    return path !== undefined;
  };
}
