import { Button, Card, Divider, EmptyState, Group, Loader, SegmentedControl, Skeleton, Stack, Text } from '@mantine/core';
import { IconBellCheck, IconCheck, IconChecks } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { type Notification, useInbox, useMarkAllNotificationsRead, useMarkNotificationRead } from './notificationsApi';
import { NotificationItem } from './NotificationItem';
import { useOpenNotification } from './useOpenNotification';

const routeApi = getRouteApi('/_app/notifications');

function MarkReadButton({ notification }: { notification: Notification }) {
  const { t } = useTranslation();
  const markRead = useMarkNotificationRead();
  return (
    <Button
      variant="subtle"
      size="compact-xs"
      leftSection={<IconCheck size={14} aria-hidden />}
      loading={markRead.isPending}
      aria-label={t('notifications.markReadNamed', { title: notification.title })}
      onClick={() => {
        markRead.mutate(notification.id);
      }}
    >
      {t('notifications.markRead')}
    </Button>
  );
}

/** The user's notifications (`/notifications`): all or only unread, newest first, paged; open, mark read. */
export function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const unreadOnly = search.unread === true;
  const query = useInbox({ unread: unreadOnly });
  const markAll = useMarkAllNotificationsRead();
  const open = useOpenNotification();
  const filterLabelId = useId();
  const pages = query.data?.pages;
  const items = pages?.flatMap((page) => page.items) ?? [];
  const last = pages?.[pages.length - 1];
  const total = last?.total ?? 0;
  const unread = last?.unread ?? 0;
  const updating = query.isPlaceholderData;
  const number = new Intl.NumberFormat(i18n.language);

  return (
    <Page
      title={t('notifications.title')}
      description={t('notifications.description')}
      actions={
        <Button
          variant="default"
          leftSection={<IconChecks size={16} aria-hidden />}
          disabled={unread === 0}
          loading={markAll.isPending}
          onClick={() => {
            markAll.mutate();
          }}
        >
          {t('notifications.markAllRead')}
        </Button>
      }
    >
      <Group gap="sm">
        <Text component="span" size="sm" fw={500} id={filterLabelId}>
          {t('notifications.filters.show')}
        </Text>
        <SegmentedControl
          aria-labelledby={filterLabelId}
          data={[
            { value: 'all', label: t('notifications.filters.all') },
            { value: 'unread', label: t('notifications.filters.unread') },
          ]}
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(value) => {
            void navigate({ search: value === 'unread' ? { unread: true } : {}, replace: true });
          }}
        />
      </Group>

      {query.isError && query.data === undefined ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : null}
      {query.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label={t('common.loading')}>
          {Array.from({ length: 4 }, (_, index) => (
            <Skeleton key={index} height={56} radius="sm" />
          ))}
        </Stack>
      ) : null}

      {query.data !== undefined && items.length === 0 ? (
        <EmptyState
          icon={<IconBellCheck size={32} aria-hidden />}
          title={unreadOnly ? t('notifications.empty.unreadTitle') : t('notifications.empty.title')}
          description={unreadOnly ? t('notifications.empty.unreadBody') : t('notifications.empty.body')}
        >
          {unreadOnly ? (
            <EmptyState.Actions>
              <Button
                variant="default"
                onClick={() => {
                  void navigate({ search: {}, replace: true });
                }}
              >
                {t('notifications.filters.showAll')}
              </Button>
            </EmptyState.Actions>
          ) : null}
        </EmptyState>
      ) : null}

      {items.length > 0 ? (
        <Stack gap="sm">
          <Card withBorder padding={0} radius="md" aria-busy={updating} style={{ opacity: updating ? 0.6 : 1 }}>
            <Stack
              gap={0}
              component="ul"
              role="list"
              aria-label={t('notifications.listLabel')}
              m={0}
              p={0}
              style={{ listStyle: 'none' }}
            >
              {items.map((notification, index) => (
                <li key={notification.id}>
                  {index > 0 ? <Divider /> : null}
                  <Stack p="md">
                    <NotificationItem
                      notification={notification}
                      onOpen={() => {
                        open(notification);
                      }}
                      actions={notification.read_at === null ? <MarkReadButton notification={notification} /> : null}
                    />
                  </Stack>
                </li>
              ))}
            </Stack>
          </Card>
          {query.isError ? (
            <QueryError
              error={query.error}
              onRetry={() => void (query.isFetchNextPageError ? query.fetchNextPage() : query.refetch())}
            />
          ) : null}
          <Group justify="space-between" align="center">
            <Group gap="xs">
              <Text size="sm" role="status">
                {t('notifications.count', { shown: number.format(items.length), total: number.format(total), count: total })}
                {' · '}
                {t('notifications.unreadTotal', { count: unread, formatted: number.format(unread) })}
              </Text>
              {updating ? <Loader size="xs" aria-label={t('common.loading')} /> : null}
            </Group>
            {query.hasNextPage ? (
              <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                {t('notifications.loadMore')}
              </Button>
            ) : null}
          </Group>
        </Stack>
      ) : null}
    </Page>
  );
}
