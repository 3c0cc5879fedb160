import {
  ActionIcon,
  Button,
  Divider,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Skeleton,
  Stack,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { IconBell, IconBellCheck, IconChecks } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../lib/me';
import { QueryError } from '../../ui/QueryError';
import { RouterButton } from '../../ui/RouterLinks';
import {
  latestNotificationsQueryOptions,
  UNREAD_POLL_INTERVAL,
  unreadCountQueryOptions,
  useMarkAllNotificationsRead,
} from './notificationsApi';
import { NotificationItem } from './NotificationItem';
import { useOpenNotification } from './useOpenNotification';

/** The bell's badge shows at most this; the accessible name says the exact number. */
const BADGE_MAX = 99;

function LatestList({ onNavigated }: { onNavigated: () => void }) {
  const { t } = useTranslation();
  const latest = useQuery(latestNotificationsQueryOptions());
  const open = useOpenNotification();
  if (latest.isPending) {
    return (
      <Stack gap="xs" aria-busy="true" aria-label={t('common.loading')} p="sm">
        {Array.from({ length: 3 }, (_, index) => (
          <Skeleton key={index} height={40} radius="sm" />
        ))}
      </Stack>
    );
  }
  if (latest.isError) {
    return (
      <Stack p="sm">
        <QueryError error={latest.error} onRetry={() => void latest.refetch()} />
      </Stack>
    );
  }
  const items = latest.data.items;
  if (items.length === 0) {
    return (
      <Stack align="center" gap={4} p="lg">
        <IconBellCheck size={28} aria-hidden />
        <Text size="sm" fw={500}>
          {t('notifications.empty.title')}
        </Text>
        <Text size="xs" c="dimmed" ta="center">
          {t('notifications.empty.bell')}
        </Text>
      </Stack>
    );
  }
  return (
    <ScrollArea.Autosize mah={420} type="auto">
      <Stack gap={0} component="ul" role="list" aria-label={t('notifications.bell.listLabel')} m={0} p={0} style={{ listStyle: 'none' }}>
        {items.map((notification, index) => (
          <li key={notification.id}>
            {index > 0 ? <Divider /> : null}
            <Stack p="sm">
              <NotificationItem
                notification={notification}
                compact
                onOpen={() => {
                  if (open(notification)) onNavigated();
                }}
              />
            </Stack>
          </li>
        ))}
      </Stack>
    </ScrollArea.Autosize>
  );
}

function Bell() {
  const { t, i18n } = useTranslation();
  const [opened, setOpened] = useState(false);
  const count = useQuery({
    ...unreadCountQueryOptions(),
    refetchInterval: UNREAD_POLL_INTERVAL,
    refetchOnWindowFocus: 'always',
  });
  const markAll = useMarkAllNotificationsRead();
  const unread = count.data ?? 0;
  const close = () => {
    setOpened(false);
  };
  const label = unread > 0 ? t('notifications.bell.labelUnread', { count: unread }) : t('notifications.bell.label');

  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-end"
      width={380}
      shadow="md"
      withinPortal
      trapFocus
      returnFocus
    >
      <Indicator
        label={unread > BADGE_MAX ? `${String(BADGE_MAX)}+` : new Intl.NumberFormat(i18n.language).format(unread)}
        disabled={unread === 0}
        size={18}
        offset={4}
        color="red.8"
        data-testid="notification-badge"
      >
        <Popover.Target>
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={label}
            onClick={() => {
              setOpened((was) => !was);
            }}
          >
            <IconBell size={18} aria-hidden />
          </ActionIcon>
        </Popover.Target>
      </Indicator>
      {/* The number is announced when it changes (not on every poll: the text stays the same). */}
      <VisuallyHidden aria-live="polite" aria-atomic>
        {unread > 0 ? t('notifications.bell.unreadCount', { count: unread }) : ''}
      </VisuallyHidden>
      <Popover.Dropdown p={0}>
        <Group justify="space-between" px="sm" py="xs" wrap="nowrap">
          <Text fw={600}>{t('notifications.title')}</Text>
          <Button
            variant="subtle"
            size="compact-sm"
            leftSection={<IconChecks size={16} aria-hidden />}
            disabled={unread === 0}
            loading={markAll.isPending}
            onClick={() => {
              markAll.mutate();
            }}
          >
            {t('notifications.markAllRead')}
          </Button>
        </Group>
        <Divider />
        {opened ? <LatestList onNavigated={close} /> : null}
        <Divider />
        <Group justify="center" p="xs">
          <RouterButton to="/notifications" variant="subtle" size="compact-sm" onClick={close}>
            {t('notifications.seeAll')}
          </RouterButton>
        </Group>
      </Popover.Dropdown>
    </Popover>
  );
}

/**
 * The header's bell: how many notifications are unread (asked again every minute and when the window gets the focus
 * back), the latest ones in a popover, and the way to the inbox. Not there until the user may use the organisation
 * (a restriction to lift first) or without an active organisation.
 */
export function NotificationBell({ me }: { me: Me }) {
  if (me.restriction || !me.active_organization_id) return null;
  return <Bell />;
}
