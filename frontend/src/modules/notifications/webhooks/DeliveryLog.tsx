import {
  ActionIcon,
  Button,
  Code,
  EmptyState,
  Group,
  Loader,
  SegmentedControl,
  Skeleton,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconInbox } from '@tabler/icons-react';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuditTime } from '../../../ui/audit/AuditTime';
import { QueryError } from '../../../ui/QueryError';
import classes from './DeliveryLog.module.css';
import { OutcomeBadge } from './WebhookBadges';
import { type Delivery, type DeliveryOutcome, useDeliveries } from './webhooksApi';

const COLUMNS = 8;

function Duration({ ms }: { ms: number }) {
  const { t, i18n } = useTranslation();
  if (ms < 1000) return <>{t('webhooks.deliveries.ms', { value: new Intl.NumberFormat(i18n.language).format(ms) })}</>;
  const seconds = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(ms / 1000);
  return <>{t('webhooks.deliveries.seconds', { value: seconds })}</>;
}

function DeliveryRow({ delivery }: { delivery: Delivery }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const hasResponse = delivery.response !== '';
  return (
    <>
      <Table.Tr data-delivery-id={delivery.id}>
        <Table.Td>
          <AuditTime value={delivery.created_at} size="xs" style={{ whiteSpace: 'nowrap' }} />
        </Table.Td>
        <Table.Td>
          <Code fz="xs">{delivery.event}</Code>
          <Tooltip label={t('webhooks.deliveries.messageId')} openDelay={300}>
            <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {delivery.message_id}
            </Text>
          </Tooltip>
        </Table.Td>
        <Table.Td>{delivery.attempt}</Table.Td>
        <Table.Td>
          <OutcomeBadge succeeded={delivery.succeeded} />
        </Table.Td>
        <Table.Td>
          {delivery.status_code === null ? (
            <Text size="sm" c="dimmed">
              {t('webhooks.none')}
            </Text>
          ) : (
            <Code>{delivery.status_code}</Code>
          )}
        </Table.Td>
        <Table.Td style={{ whiteSpace: 'nowrap' }}>
          <Duration ms={delivery.duration_ms} />
        </Table.Td>
        <Table.Td>
          {delivery.error ? (
            <Text size="xs" className={classes.error}>
              {delivery.error}
            </Text>
          ) : null}
        </Table.Td>
        <Table.Td>
          {hasResponse ? (
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-expanded={open}
              aria-controls={open ? panelId : undefined}
              aria-label={
                open
                  ? t('webhooks.deliveries.hideResponse', { attempt: delivery.attempt })
                  : t('webhooks.deliveries.showResponse', { attempt: delivery.attempt })
              }
              onClick={() => {
                setOpen((was) => !was);
              }}
            >
              {open ? <IconChevronDown size={16} aria-hidden /> : <IconChevronRight size={16} aria-hidden />}
            </ActionIcon>
          ) : null}
        </Table.Td>
      </Table.Tr>
      {hasResponse && open ? (
        <Table.Tr id={panelId}>
          <Table.Td colSpan={COLUMNS}>
            <Stack gap={4}>
              <Text size="xs" fw={500}>
                {t('webhooks.deliveries.responseOf', { attempt: delivery.attempt })}
              </Text>
              <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', maxHeight: 240, overflow: 'auto' }}>
                {delivery.response}
              </Code>
            </Stack>
          </Table.Td>
        </Table.Tr>
      ) : null}
    </>
  );
}

export interface DeliveryLogProps {
  webhookId: string;
  outcome: DeliveryOutcome | undefined;
  onOutcomeChange: (outcome: DeliveryOutcome | undefined) => void;
}

/** Every delivery attempt of one endpoint, newest first, with what the receiver answered. */
export function DeliveryLog({ webhookId, outcome, onOutcomeChange }: DeliveryLogProps) {
  const { t, i18n } = useTranslation();
  const query = useDeliveries(webhookId, outcome);
  const filterLabelId = useId();
  const pages = query.data?.pages;
  const deliveries = pages?.flatMap((page) => page.items) ?? [];
  const total = pages?.[pages.length - 1]?.total ?? 0;
  const updating = query.isPlaceholderData;
  const number = new Intl.NumberFormat(i18n.language);

  return (
    <Stack gap="md">
      <Group gap="sm">
        <Text component="span" size="sm" fw={500} id={filterLabelId}>
          {t('webhooks.deliveries.outcomeFilter')}
        </Text>
        <SegmentedControl
          aria-labelledby={filterLabelId}
          data={[
            { value: 'all', label: t('webhooks.deliveries.all') },
            { value: 'succeeded', label: t('webhooks.outcome.succeeded') },
            { value: 'failed', label: t('webhooks.outcome.failed') },
          ]}
          value={outcome ?? 'all'}
          onChange={(value) => {
            onOutcomeChange(value === 'all' ? undefined : value);
          }}
        />
      </Group>

      {query.isError && query.data === undefined ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : null}
      {query.isPending ? <Skeleton height={120} radius="sm" aria-label={t('common.loading')} /> : null}

      {query.data !== undefined && deliveries.length === 0 ? (
        <EmptyState
          icon={<IconInbox size={32} aria-hidden />}
          title={outcome ? t('webhooks.deliveries.emptyFilteredTitle') : t('webhooks.deliveries.emptyTitle')}
          description={outcome ? t('webhooks.deliveries.emptyFilteredBody') : t('webhooks.deliveries.emptyBody')}
        />
      ) : null}

      {deliveries.length > 0 ? (
        <Stack gap="sm">
          <Table.ScrollContainer minWidth={880}>
            <Table
              verticalSpacing="xs"
              aria-label={t('webhooks.deliveries.tableLabel')}
              aria-busy={updating}
              style={{ opacity: updating ? 0.6 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('webhooks.deliveries.time')}</Table.Th>
                  <Table.Th>{t('webhooks.deliveries.event')}</Table.Th>
                  <Table.Th>{t('webhooks.deliveries.attempt')}</Table.Th>
                  <Table.Th>{t('webhooks.deliveries.outcome')}</Table.Th>
                  <Table.Th>{t('webhooks.deliveries.status')}</Table.Th>
                  <Table.Th>{t('webhooks.deliveries.duration')}</Table.Th>
                  <Table.Th>{t('webhooks.deliveries.error')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('webhooks.deliveries.response')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {deliveries.map((delivery) => (
                  <DeliveryRow key={delivery.id} delivery={delivery} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {query.isError ? (
            <QueryError
              error={query.error}
              onRetry={() => void (query.isFetchNextPageError ? query.fetchNextPage() : query.refetch())}
            />
          ) : null}
          <Group justify="space-between" align="center">
            <Group gap="xs">
              <Text size="sm" role="status">
                {t('webhooks.deliveries.count', {
                  shown: number.format(deliveries.length),
                  total: number.format(total),
                  count: total,
                })}
              </Text>
              {updating ? <Loader size="xs" aria-label={t('common.loading')} /> : null}
            </Group>
            {query.hasNextPage ? (
              <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                {t('webhooks.deliveries.loadMore')}
              </Button>
            ) : null}
          </Group>
        </Stack>
      ) : null}
    </Stack>
  );
}
