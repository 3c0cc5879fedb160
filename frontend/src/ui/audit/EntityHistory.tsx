import { Button, Group, Skeleton, Stack, Text, Timeline } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AuditEvent, auditActionColor, auditActorName, flattenAuditPages, useAuditEvents } from '../../lib/audit';
import { QueryError } from '../QueryError';
import { RouterAnchor } from '../RouterLinks';
import { AuditActionBadge } from './AuditActionBadge';
import { AuditChangedFields } from './AuditChangedFields';
import { AuditEventDrawer } from './AuditEventDrawer';
import { AuditTime } from './AuditTime';

export interface EntityHistoryProps {
  /** The entity type as the audit trail names it: "organization", "asset", … */
  entityType: string;
  /** The entity's id. */
  entityId: string;
  /** Events loaded at a time, newest first; older ones come with "Show older" (default 10, at most 200). */
  pageSize?: number;
  /** Accessible name of the list (default "Change history"). */
  label?: string;
  /** Show the link to the audit log filtered on this entity (default true). */
  withAuditLogLink?: boolean;
}

function HistoryItemBody({ event, onOpen }: { event: AuditEvent; onOpen: () => void }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" mt={4} wrap="wrap" align="center">
      <AuditChangedFields event={event} max={5} />
      <Button variant="subtle" size="compact-xs" onClick={onOpen} aria-label={t('audit.history.detailsOf', { seq: event.seq })}>
        {t('audit.history.details')}
      </Button>
    </Group>
  );
}

/**
 * The timeline of one record (SPEC §1.4): who did what to it and when, newest first, with the full diff of each event
 * one click away. Reads `GET /audit-events?entity_type=…&entity_id=…`; meant for every detail page.
 */
export function EntityHistory({
  entityType,
  entityId,
  pageSize = 10,
  label,
  withAuditLogLink = true,
}: EntityHistoryProps) {
  const { t } = useTranslation();
  const query = useAuditEvents({ filters: { entity_type: entityType, entity_id: entityId }, pageSize });
  const { events, total } = flattenAuditPages(query.data?.pages);
  const [selected, setSelected] = useState<AuditEvent | null>(null);
  const listLabel = label ?? t('audit.history.label');

  if (query.isError && query.data === undefined) {
    return <QueryError error={query.error} onRetry={() => void query.refetch()} title={t('audit.history.loadFailed')} />;
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

  return (
    <Stack gap="md">
      {events.length === 0 ? (
        <Group gap="xs" c="dimmed">
          <IconHistory size={18} aria-hidden />
          <Text size="sm">{t('audit.history.empty')}</Text>
        </Group>
      ) : (
        <Timeline active={events.length - 1} bulletSize={14} lineWidth={2} role="list" aria-label={listLabel}>
          {events.map((event) => (
            <Timeline.Item
              key={event.id}
              role="listitem"
              color={auditActionColor(event.action)}
              title={
                <Group gap="xs" wrap="wrap">
                  <AuditActionBadge action={event.action} size="sm" />
                  <Text component="span" size="sm" fw={500}>
                    {auditActorName(event.actor, t)}
                  </Text>
                  <AuditTime value={event.occurred_at} size="xs" c="dimmed" />
                </Group>
              }
            >
              <HistoryItemBody
                event={event}
                onOpen={() => {
                  setSelected(event);
                }}
              />
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      {query.isError ? (
        <QueryError
          error={query.error}
          onRetry={() => void (query.isFetchNextPageError ? query.fetchNextPage() : query.refetch())}
        />
      ) : null}
      <Group gap="md" justify="space-between">
        {events.length > 0 ? (
          <Text size="xs" c="dimmed">
            {t('audit.history.count', { shown: events.length, total, count: total })}
          </Text>
        ) : (
          <span />
        )}
        <Group gap="md">
          {query.hasNextPage ? (
            <Button
              variant="default"
              size="xs"
              loading={query.isFetchingNextPage}
              onClick={() => void query.fetchNextPage()}
            >
              {t('audit.history.older')}
            </Button>
          ) : null}
          {withAuditLogLink && events.length > 0 ? (
            <RouterAnchor
              size="sm"
              to="/administration/audit-log"
              search={{ entity_type: entityType, entity_id: entityId }}
            >
              {t('audit.history.openAuditLog')}
            </RouterAnchor>
          ) : null}
        </Group>
      </Group>
      <AuditEventDrawer
        event={selected}
        onClose={() => {
          setSelected(null);
        }}
      />
    </Stack>
  );
}
