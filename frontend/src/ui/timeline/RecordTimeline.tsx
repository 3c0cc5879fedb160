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
import { useTranslation } from 'react-i18next';
import { AuditTime } from '../audit/AuditTime';
import { AuditValue } from '../audit/AuditValue';
import { QueryError } from '../QueryError';
import { type TimelineEntry, type TimelineKind, type TimelineList, useRecordTimeline } from '../../lib/timeline';

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

/** Names a diff's field with the caller's label when it has one; others show as the API spells them. */
export type FieldLabel = (field: string) => string | undefined;

function FieldName({ field, fieldLabel }: { field: string; fieldLabel?: FieldLabel }) {
  const label = fieldLabel?.(field);
  if (label !== undefined) return <Text size="sm">{label}</Text>;
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
function Changes({ entry, fieldLabel }: { entry: TimelineEntry; fieldLabel?: FieldLabel }) {
  const { t } = useTranslation();
  const changes = changesOf(entry);
  if (changes.length === 0) return null;
  return (
    <Table
      layout="fixed"
      withTableBorder
      verticalSpacing={4}
      mt="xs"
      aria-label={t('timeline.changesOf', { summary: entry.summary })}
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
              <FieldName field={field} fieldLabel={fieldLabel} />
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

/** A merged timeline of one record, newest first, one page at a time (SPEC §1.5). */
export function TimelineView({
  query,
  fieldLabel,
}: {
  query: UseInfiniteQueryResult<InfiniteData<TimelineList>>;
  fieldLabel?: FieldLabel;
}) {
  const { t } = useTranslation();
  const entries = query.data?.pages.flatMap((page) => page.items) ?? [];

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
        <Text size="sm">{t('timeline.empty')}</Text>
      </Group>
    );
  }
  return (
    <Stack gap="md">
      <Timeline bulletSize={26} lineWidth={2} role="list" aria-label={t('timeline.label')}>
        {entries.map((entry) => {
          const KindIcon = KIND_ICONS[entry.kind];
          return (
            <Timeline.Item
              key={entry.id}
              role="listitem"
              data-kind={entry.kind}
              bullet={
                <ThemeIcon size={26} radius="xl" variant="light" color={KIND_COLORS[entry.kind]}>
                  <KindIcon size={14} aria-label={t(`timeline.kinds.${entry.kind}`)} role="img" />
                </ThemeIcon>
              }
              title={<Text size="sm" fw={600}>{entry.summary}</Text>}
            >
              <Group gap="xs" wrap="wrap">
                <Text size="xs" c="dimmed">
                  {entry.actor_name || t('timeline.system')}
                </Text>
                <AuditTime value={entry.at} size="xs" c="dimmed" />
              </Group>
              <Changes entry={entry} fieldLabel={fieldLabel} />
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
            {t('timeline.older')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

/** The history of any record (GET /timeline): its audit trail and what its module records about it. */
export function RecordTimeline({
  entityType,
  entityId,
  fieldLabel,
}: {
  entityType: string;
  entityId: string;
  fieldLabel?: FieldLabel;
}) {
  return <TimelineView query={useRecordTimeline(entityType, entityId)} fieldLabel={fieldLabel} />;
}
