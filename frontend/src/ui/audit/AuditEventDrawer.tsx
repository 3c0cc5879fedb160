import { Code, DataList, Drawer, Group, Stack, Text, Title } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AuditEvent, auditActorName, auditActorTypeLabel, auditEntityTypeLabel } from '../../lib/audit';
import { browserTimeZone } from '../../lib/intl';
import { RouterAnchor } from '../RouterLinks';
import { AuditActionBadge } from './AuditActionBadge';
import { AuditChangesTable } from './AuditChangesTable';
import { AuditTime } from './AuditTime';

const breakAnywhere = { overflowWrap: 'anywhere' } as const;

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue style={breakAnywhere}>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

function Missing() {
  const { t } = useTranslation();
  return (
    <Text component="span" size="sm" c="dimmed" fs="italic">
      {t('audit.value.none')}
    </Text>
  );
}

function EventDetails({ event, onNavigate }: { event: AuditEvent; onNavigate: () => void }) {
  const { t } = useTranslation();
  const { actor } = event;
  return (
    <Stack gap="lg">
      <DataList size="sm" gap="xs" labelWidth="9rem" withDivider>
        <Item label={t('audit.fields.time')}>
          <Stack gap={0}>
            <AuditTime value={event.occurred_at} />
            <Text size="xs" c="dimmed">
              {t('audit.timeZone', { zone: browserTimeZone() })} · <Code>{event.occurred_at}</Code>
            </Text>
          </Stack>
        </Item>
        <Item label={t('audit.fields.action')}>
          <AuditActionBadge action={event.action} />
        </Item>
        <Item label={t('audit.fields.actor')}>
          <Stack gap={0}>
            <Text size="sm">{auditActorName(actor, t)}</Text>
            <Text size="xs" c="dimmed">
              {auditActorTypeLabel(actor.type, t)}
              {actor.id ? (
                <>
                  {' · '}
                  <Code>{actor.id}</Code>
                </>
              ) : null}
            </Text>
          </Stack>
        </Item>
        <Item label={t('audit.fields.entity')}>
          <Stack gap={0}>
            <Text size="sm">{event.entity_label || auditEntityTypeLabel(event.entity_type, t)}</Text>
            <Text size="xs" c="dimmed">
              {auditEntityTypeLabel(event.entity_type, t)}
              {event.entity_id ? (
                <>
                  {' · '}
                  <Code>{event.entity_id}</Code>
                </>
              ) : null}
            </Text>
          </Stack>
        </Item>
        <Item label={t('audit.fields.requestId')}>{event.request_id ? <Code>{event.request_id}</Code> : <Missing />}</Item>
        <Item label={t('audit.fields.clientIp')}>{event.client_ip ? <Code>{event.client_ip}</Code> : <Missing />}</Item>
        <Item label={t('audit.fields.userAgent')}>
          {event.user_agent ? <Text size="sm">{event.user_agent}</Text> : <Missing />}
        </Item>
        <Item label={t('audit.fields.seq')}>
          <Code>{event.seq}</Code>
        </Item>
        <Item label={t('audit.fields.hash')}>
          <Code style={breakAnywhere}>{event.hash}</Code>
        </Item>
      </DataList>

      <Stack gap="xs">
        <Title order={3} size="h4">
          {t('audit.changes.title')}
        </Title>
        <AuditChangesTable event={event} />
      </Stack>

      <Group gap="lg">
        {event.entity_id ? (
          <RouterAnchor
            size="sm"
            to="/administration/audit-log"
            search={{ entity_type: event.entity_type, entity_id: event.entity_id }}
            onClick={onNavigate}
          >
            {t('audit.links.entity')}
          </RouterAnchor>
        ) : null}
        {actor.id ? (
          <RouterAnchor size="sm" to="/administration/audit-log" search={{ actor_id: actor.id }} onClick={onNavigate}>
            {t('audit.links.actor')}
          </RouterAnchor>
        ) : null}
      </Group>
    </Stack>
  );
}

export interface AuditEventDrawerProps {
  /** The event to show; null closes the drawer. */
  event: AuditEvent | null;
  onClose: () => void;
}

/** Everything recorded about one audit event: who, when, from where, its place in the hash chain, and the full diff. */
export function AuditEventDrawer({ event, onClose }: AuditEventDrawerProps) {
  const { t } = useTranslation();
  // Keep showing the last event while the drawer slides away.
  const [shown, setShown] = useState(event);
  if (event !== null && event !== shown) setShown(event);
  return (
    <Drawer
      opened={event !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={shown ? t('audit.event.title', { seq: shown.seq }) : ''}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {shown ? <EventDetails event={shown} onNavigate={onClose} /> : null}
    </Drawer>
  );
}
