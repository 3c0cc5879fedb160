import {
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDevices } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, toApiError, unwrap } from '../../lib/api';
import { formatDateTime } from '../../lib/intl';
import { showProblemNotification } from '../../lib/problemNotification';
import { QueryError } from '../../ui/QueryError';
import {
  deviceName,
  methodLabel,
  SESSION_SORTS,
  type SessionSort,
  sessionsQueryKey,
  sessionsQueryOptions,
  type UserSession,
} from './sessions';
import { useRecentSignIn } from './useRecentSignIn';
import { useSignOut } from './useSignOut';

function SessionRow({ session, onRevoke }: { session: UserSession; onRevoke: () => void }) {
  const { t, i18n } = useTranslation();
  const name = deviceName(session, t);
  return (
    <Table.Tr data-session-id={session.id} aria-current={session.current ? 'true' : undefined}>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Text size="sm" fw={500}>
            {name}
          </Text>
          {session.current ? (
            <Badge variant="filled" color="teal.9" size="sm" tt="none" style={{ flexShrink: 0 }}>
              {t('sessions.current')}
            </Badge>
          ) : null}
        </Group>
        {session.user_agent ? (
          <Text size="xs" c="dimmed" lineClamp={1} title={session.user_agent} maw={360}>
            {session.user_agent}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace">
          {session.client_ip || '—'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(session.created_at, i18n.language)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(session.last_used_at, i18n.language)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          {session.methods.map((method) => (
            <Badge key={method} variant="default" size="sm" tt="none">
              {methodLabel(method, t)}
            </Badge>
          ))}
        </Group>
      </Table.Td>
      <Table.Td>
        <Button
          variant="subtle"
          color="red"
          size="xs"
          aria-label={
            session.current ? t('sessions.revoke.buttonLabelCurrent') : t('sessions.revoke.buttonLabel', { device: name })
          }
          onClick={onRevoke}
        >
          {t('sessions.revoke.button')}
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

interface RevokeModalProps {
  session: UserSession | null;
  onClose: () => void;
  onReauthenticate: (retry: () => unknown) => void;
}

/** Confirms the end of a session; ending the current one is signing out (the app then shows the sign-in page). */
function RevokeModal({ session, onClose, onReauthenticate }: RevokeModalProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const signOut = useSignOut();
  const revoke = useMutation({
    mutationFn: async (id: string) =>
      (await unwrap(client.POST('/me/sessions/{id}/revoke', { params: { path: { id } } }))).data,
  });

  const confirm = (target: UserSession) => {
    revoke.mutate(target.id, {
      onSuccess: () => {
        onClose();
        if (target.current) {
          void signOut();
          return;
        }
        notifications.show({ color: 'green', message: t('sessions.revoke.done', { device: deviceName(target, t) }) });
        void queryClient.invalidateQueries({ queryKey: sessionsQueryKey });
      },
      onError: (thrown) => {
        const error = toApiError(thrown);
        if (error.isReauthenticationRequired) {
          onClose();
          onReauthenticate(() => {
            confirm(target);
          });
          return;
        }
        // Already ended elsewhere: the list is out of date.
        if (error.status === 404) void queryClient.invalidateQueries({ queryKey: sessionsQueryKey });
        showProblemNotification(error);
      },
    });
  };

  return (
    <Modal
      opened={session !== null}
      onClose={onClose}
      title={session?.current ? t('sessions.revoke.titleCurrent') : t('sessions.revoke.title')}
      centered
    >
      {session ? (
        <Stack gap="md">
          <Text size="sm">
            {session.current
              ? t('sessions.revoke.bodyCurrent')
              : t('sessions.revoke.body', { device: deviceName(session, t), ip: session.client_ip || '—' })}
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              color="red.9"
              loading={revoke.isPending}
              onClick={() => {
                confirm(session);
              }}
            >
              {session.current ? t('sessions.revoke.confirmCurrent') : t('sessions.revoke.confirm')}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}

/** Profile → active sessions: the browsers and devices signed in to the account, and signing any of them out. */
export function SessionsSection() {
  const { t } = useTranslation();
  const [sort, setSort] = useState<SessionSort>('-created_at');
  const query = useInfiniteQuery(sessionsQueryOptions(sort));
  const sessions = query.data?.pages.flatMap((page) => page.items) ?? [];
  const total = query.data?.pages[0]?.total;
  const [revoking, setRevoking] = useState<UserSession | null>(null);
  const recentSignIn = useRecentSignIn();

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="sessions-title">
      <Stack gap="md">
        <Group justify="space-between" align="flex-end">
          <Group gap="xs">
            <IconDevices size={22} aria-hidden />
            <Title order={2} size="h3" id="sessions-title">
              {t('sessions.title')}
            </Title>
          </Group>
          <Select
            label={t('sessions.sort.label')}
            data={SESSION_SORTS.map((value) => ({
              value,
              label: value === '-created_at' ? t('sessions.sort.created') : t('sessions.sort.lastUsed'),
            }))}
            value={sort}
            onChange={(value) => {
              if (value) setSort(value);
            }}
            allowDeselect={false}
            w={260}
          />
        </Group>
        <Text size="sm" c="dimmed">
          {t('sessions.description')}
        </Text>
        {recentSignIn.prompt}
        {query.isPending ? <Skeleton height={80} radius="sm" /> : null}
        {query.isError ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
        {query.data !== undefined && sessions.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('sessions.empty')}
          </Text>
        ) : null}
        {sessions.length > 0 ? (
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing="xs" aria-label={t('sessions.tableLabel')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('sessions.columns.device')}</Table.Th>
                  <Table.Th>{t('sessions.columns.ip')}</Table.Th>
                  <Table.Th>{t('sessions.columns.created')}</Table.Th>
                  <Table.Th>{t('sessions.columns.lastUsed')}</Table.Th>
                  <Table.Th>{t('sessions.columns.methods')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('sessions.columns.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sessions.map((session) => (
                  <SessionRow
                    key={session.id}
                    session={session}
                    onRevoke={() => {
                      setRevoking(session);
                    }}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
        {total !== undefined && sessions.length > 0 ? (
          <Text size="xs" c="dimmed" data-testid="sessions-count">
            {t('sessions.count', { count: total })}
          </Text>
        ) : null}
        {query.hasNextPage ? (
          <div>
            <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
              {t('sessions.loadMore')}
            </Button>
          </div>
        ) : null}
      </Stack>
      <RevokeModal
        session={revoking}
        onClose={() => {
          setRevoking(null);
        }}
        onReauthenticate={recentSignIn.require}
      />
    </Card>
  );
}
