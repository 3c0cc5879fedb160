import { Box, Group, Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Notification } from './notificationsApi';
import { RelativeTime } from './RelativeTime';

/** The unread mark for the eye (screen readers get a word inside the button). */
export function UnreadDot({ unread }: { unread: boolean }) {
  return (
    <Box
      aria-hidden
      w={8}
      h={8}
      mt={6}
      style={{
        flex: 'none',
        borderRadius: '50%',
        background: unread ? 'var(--mantine-primary-color-filled)' : 'transparent',
      }}
    />
  );
}

export interface NotificationItemProps {
  notification: Notification;
  /** Clicked: mark it read and follow its link. */
  onOpen: () => void;
  /** Shortens the body to two lines (the bell's popover). */
  compact?: boolean;
  /** Shown at the right (e.g. the inbox's "Mark as read"). */
  actions?: ReactNode;
}

/** One notification: title, body, how long ago, and whether it is unread; the whole text is one button. */
export function NotificationItem({ notification, onOpen, compact = false, actions }: NotificationItemProps) {
  const { t } = useTranslation();
  const unread = notification.read_at === null;
  return (
    <Group gap="sm" align="flex-start" wrap="nowrap" data-notification-id={notification.id} data-unread={unread}>
      <UnreadDot unread={unread} />
      <UnstyledButton onClick={onOpen} style={{ flex: 1, minWidth: 0 }} aria-describedby={`notification-time-${notification.id}`}>
        <Stack gap={2}>
          {unread ? <VisuallyHidden>{t('notifications.unreadMark')}</VisuallyHidden> : null}
          <Text size="sm" fw={unread ? 700 : 500} style={{ overflowWrap: 'anywhere' }}>
            {notification.title}
          </Text>
          {notification.body ? (
            <Text size="sm" c="dimmed" lineClamp={compact ? 2 : undefined} style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-line' }}>
              {notification.body}
            </Text>
          ) : null}
        </Stack>
      </UnstyledButton>
      <Stack gap={4} align="flex-end" style={{ flex: 'none' }}>
        <RelativeTime value={notification.created_at} id={`notification-time-${notification.id}`} />
        {actions}
      </Stack>
    </Group>
  );
}
