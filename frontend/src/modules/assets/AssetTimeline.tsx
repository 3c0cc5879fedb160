import { Button, Code, Group, Skeleton, Stack, Table, Text, ThemeIcon, Timeline } from '@mantine/core';
import {
  IconArchive,
  IconArrowBackUp,
  IconBolt,
  IconHistory,
  IconLogin2,
  IconLogout2,
  IconPencil,
  IconPlus,
  IconRecycle,
  IconTool,
  IconTrash,
  type Icon,
} from '@tabler/icons-react';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { AuditTime } from '../../ui/audit/AuditTime';
import { AuditValue } from '../../ui/audit/AuditValue';
import { QueryError } from '../../ui/QueryError';
import { flattenPages, type TimelineEntry, type TimelineKind, type TimelineList, useTimeline } from './assetsApi';

const KIND_ICONS: Readonly<Record<TimelineKind, Icon>> = {
  created: IconPlus,
  changed: IconPencil,
  archived: IconArchive,
  restored: IconArrowBackUp,
  deleted: IconTrash,
  check_out: IconLogout2,
  check_in: IconLogin2,
  maintenance: IconTool,
  disposal: IconRecycle,
  event: IconBolt,
};

const KIND_COLORS: Readonly<Record<TimelineKind, string>> = {
  created: 'green',
  changed: 'blue',
  archived: 'orange',
  restored: 'teal',
  deleted: 'red',
  check_out: 'grape',
  check_in: 'cyan',
  maintenance: 'orange',
  disposal: 'gray',
  event: 'gray',
};

/** Fields of the asset that have a name in the catalogues; others (custom fields…) show as the API spells them. */
const KNOWN_FIELDS = [
  'name',
  'asset_tag',
  'serial',
  'model_id',
  'location_id',
  'holder_id',
  'status',
  'purchase_date',
  'cost',
  'currency',
  'warranty_months',
  'supplier_name',
  'critical',
  'virtual',
  'remote',
  'comments',
  'tags',
] as const;
type KnownField = (typeof KNOWN_FIELDS)[number];

function FieldName({ field }: { field: string }) {
  const { t } = useTranslation();
  if ((KNOWN_FIELDS as readonly string[]).includes(field)) {
    return <Text size="sm">{t(`assets.history.fields.${field as KnownField}`)}</Text>;
  }
  return <Code style={{ overflowWrap: 'anywhere' }}>{field}</Code>;
}

/** `{field: [before, after]}` as rows, fields in a stable order; a malformed pair keeps what it has. */
function changesOf(entry: TimelineEntry): { field: string; before: unknown; after: unknown }[] {
  return Object.keys(entry.changes)
    .sort((a, b) => a.localeCompare(b))
    .map((field) => {
      const pair = entry.changes[field];
      const values: unknown[] = Array.isArray(pair) ? pair : [null, pair];
      return { field, before: values[0] ?? null, after: values[1] ?? null };
    });
}

/** What one entry changed: field | before | after. */
function Changes({ entry }: { entry: TimelineEntry }) {
  const { t } = useTranslation();
  const changes = changesOf(entry);
  if (changes.length === 0) return null;
  return (
    <Table
      layout="fixed"
      withTableBorder
      verticalSpacing={4}
      mt="xs"
      aria-label={t('assets.history.changesOf', { summary: entry.summary })}
    >
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="30%">{t('audit.changes.field')}</Table.Th>
          <Table.Th>{t('audit.changes.before')}</Table.Th>
          <Table.Th>{t('audit.changes.after')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {changes.map(({ field, before, after }) => (
          <Table.Tr key={field}>
            <Table.Th scope="row" fw={400}>
              <FieldName field={field} />
            </Table.Th>
            <Table.Td>
              <AuditValue value={before} />
            </Table.Td>
            <Table.Td>
              <AuditValue value={after} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The asset's history, newest first: creation, changes with their diff, custody moves, archive and restore. */
export function AssetTimeline({ assetId }: { assetId: string }) {
  return <TimelineView query={useTimeline(assetId)} />;
}

function kindLabel(kind: TimelineKind, t: TFunction): string {
  if (kind === 'maintenance' || kind === 'disposal') return t(`inventoryAssets.timelineKinds.${kind}`);
  return t(`assets.history.kinds.${kind}`);
}

/** A merged timeline (an asset's or a peripheral's), newest first, one page at a time. */
export function TimelineView({ query }: { query: UseInfiniteQueryResult<InfiniteData<TimelineList>> }) {
  const { t } = useTranslation();
  const { items: entries } = flattenPages(query.data?.pages);

  if (query.isError && query.data === undefined) {
    return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (query.data === undefined) {
    return (
      <Stack gap="sm" aria-busy="true" aria-label={t('common.loading')}>
        {Array.from({ length: 3 }, (_, index) => (
          <Skeleton key={index} height={44} radius="sm" />
        ))}
      </Stack>
    );
  }
  if (entries.length === 0) {
    return (
      <Group gap="xs" c="dimmed">
        <IconHistory size={18} aria-hidden />
        <Text size="sm">{t('assets.history.empty')}</Text>
      </Group>
    );
  }
  return (
    <Stack gap="md">
      <Timeline bulletSize={26} lineWidth={2} role="list" aria-label={t('assets.history.label')}>
        {entries.map((entry) => {
          const KindIcon = KIND_ICONS[entry.kind];
          return (
            <Timeline.Item
              key={entry.id}
              role="listitem"
              data-kind={entry.kind}
              bullet={
                <ThemeIcon size={26} radius="xl" variant="light" color={KIND_COLORS[entry.kind]}>
                  <KindIcon size={14} aria-label={kindLabel(entry.kind, t)} role="img" />
                </ThemeIcon>
              }
              title={<Text size="sm" fw={600}>{entry.summary}</Text>}
            >
              <Group gap="xs" wrap="wrap">
                <Text size="xs" c="dimmed">
                  {entry.actor_name || t('assets.history.system')}
                </Text>
                <AuditTime value={entry.at} size="xs" c="dimmed" />
              </Group>
              <Changes entry={entry} />
            </Timeline.Item>
          );
        })}
      </Timeline>
      {query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.fetchNextPage()} />
      ) : null}
      {query.hasNextPage ? (
        <Group>
          <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {t('assets.history.older')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
