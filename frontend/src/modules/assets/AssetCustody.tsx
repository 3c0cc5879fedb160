import { Button, Group, Skeleton, Stack, Table, Text } from '@mantine/core';
import { IconArrowsExchange } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { AuditTime } from '../../ui/audit/AuditTime';
import { QueryError } from '../../ui/QueryError';
import { ReadableBadge } from '../../ui/ReadableBadge';
import { RemoteBadge } from './AssetBadges';
import { flattenPages, useCustody } from './assetsApi';

/** The custody log: every check-out and check-in of the asset, newest first. */
export function AssetCustody({ assetId }: { assetId: string }) {
  const { t, i18n } = useTranslation();
  const query = useCustody(assetId);
  const { items: entries, total } = flattenPages(query.data?.pages);
  const number = new Intl.NumberFormat(i18n.language);

  if (query.isError && query.data === undefined) {
    return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (query.data === undefined) {
    return (
      <Stack gap="sm" aria-busy="true" aria-label={t('common.loading')}>
        {Array.from({ length: 3 }, (_, index) => (
          <Skeleton key={index} height={36} radius="sm" />
        ))}
      </Stack>
    );
  }
  if (entries.length === 0) {
    return (
      <Group gap="xs" c="dimmed">
        <IconArrowsExchange size={18} aria-hidden />
        <Text size="sm">{t('assets.custody.empty')}</Text>
      </Group>
    );
  }
  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing="xs" aria-label={t('assets.custody.label')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('assets.custody.action')}</Table.Th>
              <Table.Th>{t('assets.custody.person')}</Table.Th>
              <Table.Th>{t('assets.fields.location')}</Table.Th>
              <Table.Th>{t('assets.actions.note')}</Table.Th>
              <Table.Th>{t('assets.custody.by')}</Table.Th>
              <Table.Th>{t('assets.custody.at')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((entry) => (
              <Table.Tr key={entry.id}>
                <Table.Td>
                  <ReadableBadge color={entry.action === 'check_out' ? 'grape' : 'cyan'}>
                    {t(`assets.custody.actions.${entry.action}`)}
                  </ReadableBadge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{entry.user_name ?? t('assets.none')}</Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {entry.location_name ? <Text size="sm">{entry.location_name}</Text> : null}
                    {entry.remote ? <RemoteBadge /> : null}
                    {!entry.location_name && !entry.remote ? (
                      <Text size="sm" c="dimmed">
                        {t('assets.none')}
                      </Text>
                    ) : null}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                    {entry.note}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{entry.actor_name}</Text>
                </Table.Td>
                <Table.Td>
                  <AuditTime value={entry.at} size="xs" style={{ whiteSpace: 'nowrap' }} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {query.isError ? <QueryError error={query.error} onRetry={() => void query.fetchNextPage()} /> : null}
      <Group justify="space-between">
        <Text size="sm">
          {t('assets.custody.count', { shown: number.format(entries.length), total: number.format(total), count: total })}
        </Text>
        {query.hasNextPage ? (
          <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {t('assets.list.loadMore')}
          </Button>
        ) : null}
      </Group>
    </Stack>
  );
}
