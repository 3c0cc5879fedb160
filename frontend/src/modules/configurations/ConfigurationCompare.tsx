import { Code, Group, Select, Skeleton, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../ui/QueryError';
import { ChangeOpBadge } from './ConfigurationBadges';
import { type Configuration, diffQueryOptions, flattenPages, useVersions } from './configurationsApi';
import { compactJson } from './documentJson';

/** The largest page of versions, offered whole in the pickers. */
const PICKER_PAGE = 200;

export interface ConfigurationCompareProps {
  configuration: Configuration;
  from?: number;
  to?: number;
  onChange: (range: { from: number; to: number }) => void;
}

function Value({ value, absent }: { value: unknown; absent: boolean }) {
  const { t } = useTranslation();
  if (absent) {
    return (
      <Text size="sm" c="dimmed">
        {t('configurations.compare.absent')}
      </Text>
    );
  }
  return (
    <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {compactJson(value)}
    </Code>
  );
}

/** Two versions side by side as a semantic diff: what was added, removed and changed, at its JSON Pointer. */
export function ConfigurationCompare({ configuration, from: fromParam, to: toParam, onChange }: ConfigurationCompareProps) {
  const { t } = useTranslation();
  const current = configuration.current_version;
  const to = toParam ?? current;
  const from = fromParam ?? Math.max(1, to - 1);
  const versions = useVersions(configuration.id, PICKER_PAGE);
  const { items } = flattenPages(versions.data?.pages);
  const options = (items.length > 0 ? items : [{ number: current, message: configuration.last_message }]).map((version) => ({
    value: String(version.number),
    label: t('configurations.compare.option', { number: version.number, message: version.message }),
  }));
  const diff = useQuery({ ...diffQueryOptions(configuration.id, from, to), enabled: current > 1 || from !== to });

  return (
    <Stack gap="md">
      <Group gap="sm" align="end" wrap="wrap">
        <Select
          label={t('configurations.compare.from')}
          data={options}
          value={String(from)}
          onChange={(value) => {
            if (value) onChange({ from: Number(value), to });
          }}
          allowDeselect={false}
          searchable
          w={320}
        />
        <Select
          label={t('configurations.compare.to')}
          data={options}
          value={String(to)}
          onChange={(value) => {
            if (value) onChange({ from, to: Number(value) });
          }}
          allowDeselect={false}
          searchable
          w={320}
        />
      </Group>
      {diff.isError ? <QueryError error={diff.error} onRetry={() => void diff.refetch()} /> : null}
      {diff.isPending && diff.fetchStatus !== 'idle' ? <Skeleton height={120} radius="sm" aria-label={t('common.loading')} /> : null}
      {diff.data?.changes.length === 0 ? (
        <Text size="sm" role="status">
          {from === to ? t('configurations.compare.sameVersion') : t('configurations.compare.noChanges')}
        </Text>
      ) : null}
      {diff.data && diff.data.changes.length > 0 ? (
        <>
          <Text size="sm" role="status">
            {t('configurations.compare.summary', { count: diff.data.changes.length, from: diff.data.from, to: diff.data.to })}
          </Text>
          <Table.ScrollContainer minWidth={720}>
            <Table
              layout="fixed"
              withTableBorder
              verticalSpacing="xs"
              aria-label={t('configurations.compare.tableLabel', { from: diff.data.from, to: diff.data.to })}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w="7rem">{t('configurations.compare.op')}</Table.Th>
                  <Table.Th w="30%">{t('configurations.compare.path')}</Table.Th>
                  <Table.Th>{t('configurations.compare.before')}</Table.Th>
                  <Table.Th>{t('configurations.compare.after')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {diff.data.changes.map((change) => (
                  <Table.Tr key={`${change.op}:${change.path}`}>
                    <Table.Td>
                      <ChangeOpBadge op={change.op} />
                    </Table.Td>
                    <Table.Td>
                      <Code style={{ overflowWrap: 'anywhere' }}>{change.path === '' ? t('configurations.compare.root') : change.path}</Code>
                    </Table.Td>
                    <Table.Td>
                      <Value value={change.before} absent={change.op === 'added'} />
                    </Table.Td>
                    <Table.Td>
                      <Value value={change.after} absent={change.op === 'removed'} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      ) : null}
    </Stack>
  );
}
