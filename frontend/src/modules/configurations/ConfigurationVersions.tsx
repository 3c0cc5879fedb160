import { Button, Code, Group, Skeleton, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AuditTime } from '../../ui/audit/AuditTime';
import { QueryError } from '../../ui/QueryError';
import { RouterAnchor } from '../../ui/RouterLinks';
import { flattenPages, useVersions } from './configurationsApi';

/** The commits of a configuration, newest first, each with a link comparing it with the version it came from. */
export function ConfigurationVersions({ configurationId }: { configurationId: string }) {
  const { t } = useTranslation();
  const query = useVersions(configurationId);
  const { items, total } = flattenPages(query.data?.pages);
  if (query.isError && query.data === undefined) {
    return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (query.data === undefined) {
    return <Skeleton height={120} radius="sm" aria-label={t('common.loading')} />;
  }
  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="xs" aria-label={t('configurations.versions.label')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('configurations.versions.number')}</Table.Th>
              <Table.Th>{t('configurations.fields.message')}</Table.Th>
              <Table.Th>{t('configurations.versions.author')}</Table.Th>
              <Table.Th>{t('configurations.versions.date')}</Table.Th>
              <Table.Th>{t('configurations.versions.changes')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((version) => (
              <Table.Tr key={version.number} data-version={version.number}>
                <Table.Td>
                  <Code>v{version.number}</Code>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{version.message}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{version.author_name}</Text>
                </Table.Td>
                <Table.Td>
                  <AuditTime value={version.created_at} size="sm" />
                </Table.Td>
                <Table.Td>
                  {version.parent_number !== null ? (
                    <RouterAnchor
                      to="/assets/configurations/$id"
                      params={{ id: configurationId }}
                      search={{ tab: 'compare', from: version.parent_number, to: version.number }}
                      size="sm"
                    >
                      {t('configurations.versions.compareWith', { from: version.parent_number, to: version.number })}
                    </RouterAnchor>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t('configurations.versions.first')}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {query.isError ? <QueryError error={query.error} onRetry={() => void query.fetchNextPage()} /> : null}
      <Group justify="space-between">
        <Text size="sm" role="status">
          {t('configurations.versions.count', { shown: items.length, total, count: total })}
        </Text>
        {query.hasNextPage ? (
          <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {t('configurations.loadMore')}
          </Button>
        ) : null}
      </Group>
    </Stack>
  );
}
