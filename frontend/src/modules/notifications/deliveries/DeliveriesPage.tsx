import {
  ActionIcon,
  Button,
  Card,
  Code,
  EmptyState,
  Group,
  Loader,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconFilterOff, IconInbox, IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorMessage, normalizeFieldPath, toApiError } from '../../../lib/api';
import { DebouncedTextInput } from '../../../ui/DebouncedTextInput';
import { Page } from '../../../ui/Page';
import { QueryError } from '../../../ui/QueryError';
import { RouterAnchor } from '../../../ui/RouterLinks';
import { ReadableBadge } from '../../../ui/ReadableBadge';
import { RelativeTime } from '../RelativeTime';
import { eventCatalogueQueryOptions, type NotificationEvent } from '../settings/notificationSettingsApi';
import classes from '../webhooks/DeliveryLog.module.css';
import { useModuleName } from '../webhooks/useModuleName';
import { OutcomeBadge } from '../webhooks/WebhookBadges';
import {
  DEFAULT_DELIVERY_SORT,
  DELIVERY_CHANNELS,
  DELIVERY_OUTCOMES,
  DELIVERY_SORTS,
  type Delivery,
  type DeliveryChannel,
  MAX_QUERY_LENGTH,
  useDeliveryLog,
} from './deliveriesApi';
import { hasDeliveryFilters, mergeDeliverySearch, type DeliverySearch } from './deliverySearch';

const routeApi = getRouteApi('/_app/administration/notification-deliveries');

const COLUMNS = 10;

const CHANNEL_COLORS: Record<DeliveryChannel, string> = { email: 'cyan', webhook: 'blue', slack: 'grape' };

function ChannelBadge({ channel }: { channel: DeliveryChannel }) {
  const { t } = useTranslation();
  return <ReadableBadge color={CHANNEL_COLORS[channel]}>{t(`deliveryLog.channels.${channel}`)}</ReadableBadge>;
}

function Duration({ ms }: { ms: number }) {
  const { t, i18n } = useTranslation();
  if (ms < 1000) return <>{t('webhooks.deliveries.ms', { value: new Intl.NumberFormat(i18n.language).format(ms) })}</>;
  const seconds = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(ms / 1000);
  return <>{t('webhooks.deliveries.seconds', { value: seconds })}</>;
}

function DeliveryRow({ delivery, event }: { delivery: Delivery; event: NotificationEvent | undefined }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const hasResponse = delivery.response !== '';
  const labels = { attempt: delivery.attempt, target: delivery.target };
  return (
    <>
      <Table.Tr data-delivery-id={delivery.id}>
        <Table.Td style={{ whiteSpace: 'nowrap' }}>
          <RelativeTime value={delivery.created_at} size="sm" />
        </Table.Td>
        <Table.Td>
          <ChannelBadge channel={delivery.channel} />
        </Table.Td>
        <Table.Td>
          {event ? (
            <Text size="sm" title={delivery.event}>
              {event.name}
            </Text>
          ) : null}
          <Code fz="xs">{delivery.event}</Code>
        </Table.Td>
        <Table.Td style={{ overflowWrap: 'anywhere' }}>
          {delivery.endpoint_id ? (
            <RouterAnchor to="/administration/webhooks/$id" params={{ id: delivery.endpoint_id }} size="sm">
              {delivery.target}
            </RouterAnchor>
          ) : (
            <Text size="sm">{delivery.target}</Text>
          )}
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
              aria-label={open ? t('deliveryLog.hideResponse', labels) : t('deliveryLog.showResponse', labels)}
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
                {t('deliveryLog.responseOf', labels)}
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

interface EventOptionGroup {
  group: string;
  items: { value: string; label: string }[];
}

/** The catalogue grouped by module; an event code of the address that the catalogue lacks stays choosable. */
function useEventOptions(events: NotificationEvent[] | undefined, selected: string | undefined) {
  const { t } = useTranslation();
  const moduleName = useModuleName();
  return useMemo(() => {
    const groups = new Map<string, EventOptionGroup>();
    for (const event of events ?? []) {
      const group = groups.get(event.module) ?? { group: moduleName(event.module), items: [] };
      group.items.push({ value: event.code, label: `${event.name} (${event.code})` });
      groups.set(event.module, group);
    }
    if (selected && !(events ?? []).some((event) => event.code === selected)) {
      groups.set('?', { group: t('webhooks.form.otherEvents'), items: [{ value: selected, label: selected }] });
    }
    return [...groups.values()];
  }, [events, selected, moduleName, t]);
}

interface FiltersProps {
  search: DeliverySearch;
  events: NotificationEvent[] | undefined;
  eventsFailed: boolean;
  onChange: (patch: Partial<DeliverySearch>) => void;
  onClear: () => void;
  errors: Partial<Record<keyof DeliverySearch, string>>;
}

function Filters({ search, events, eventsFailed, onChange, onClear, errors }: FiltersProps) {
  const { t } = useTranslation();
  const eventOptions = useEventOptions(events, search.event);
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-label={t('deliveryLog.filters.label')}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
          <DebouncedTextInput
            label={t('deliveryLog.filters.q')}
            placeholder={t('deliveryLog.filters.qPlaceholder')}
            type="search"
            maxLength={MAX_QUERY_LENGTH}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search.q ?? ''}
            onCommit={(q) => {
              onChange({ q });
            }}
            error={errors.q}
          />
          <Select
            label={t('deliveryLog.filters.channel')}
            placeholder={t('deliveryLog.filters.anyChannel')}
            data={DELIVERY_CHANNELS.map((channel) => ({ value: channel, label: t(`deliveryLog.channels.${channel}`) }))}
            value={search.channel ?? null}
            onChange={(channel) => {
              onChange({ channel: channel ?? undefined });
            }}
            clearable
            clearButtonProps={{ 'aria-label': t('deliveryLog.filters.clearChannel') }}
            error={errors.channel}
          />
          <Select
            label={t('deliveryLog.filters.outcome')}
            placeholder={t('deliveryLog.filters.anyOutcome')}
            data={DELIVERY_OUTCOMES.map((outcome) => ({ value: outcome, label: t(`webhooks.outcome.${outcome}`) }))}
            value={search.outcome ?? null}
            onChange={(outcome) => {
              onChange({ outcome: outcome ?? undefined });
            }}
            clearable
            clearButtonProps={{ 'aria-label': t('deliveryLog.filters.clearOutcome') }}
            error={errors.outcome}
          />
          <Select
            label={t('deliveryLog.filters.event')}
            placeholder={t('deliveryLog.filters.anyEvent')}
            description={eventsFailed ? t('webhooks.form.catalogueFailed') : undefined}
            data={eventOptions}
            value={search.event ?? null}
            onChange={(event) => {
              onChange({ event: event ?? undefined });
            }}
            searchable
            clearable
            clearButtonProps={{ 'aria-label': t('deliveryLog.filters.clearEvent') }}
            nothingFoundMessage={t('webhooks.form.noEventFound')}
            error={errors.event}
          />
          <Select
            label={t('deliveryLog.filters.sort')}
            data={DELIVERY_SORTS.map((sort) => ({ value: sort, label: t(`deliveryLog.sort.${sort}`) }))}
            value={search.sort ?? DEFAULT_DELIVERY_SORT}
            onChange={(sort) => {
              if (sort) onChange({ sort });
            }}
            allowDeselect={false}
            error={errors.sort}
          />
        </SimpleGrid>
        {hasDeliveryFilters(search) ? (
          <Group>
            <Button variant="subtle" size="xs" leftSection={<IconFilterOff size={16} aria-hidden />} onClick={onClear}>
              {t('deliveryLog.filters.clear')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Card>
  );
}

/**
 * Administration → Delivery log: every attempt to deliver an e-mail, a webhook or a Slack message, with its outcome.
 * The filters are in the address; the server filters and pages.
 */
export function DeliveriesPage() {
  const { t, i18n } = useTranslation();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const query = useDeliveryLog(search);
  const catalogue = useQuery(eventCatalogueQueryOptions());
  const pages = query.data?.pages;
  const deliveries = pages?.flatMap((page) => page.items) ?? [];
  const total = pages?.[pages.length - 1]?.total ?? 0;
  const eventsByCode = useMemo(
    () => new Map((catalogue.data ?? []).map((event) => [event.code, event] as const)),
    [catalogue.data],
  );

  const update = (patch: Partial<DeliverySearch>) => {
    void navigate({ search: (previous) => mergeDeliverySearch(previous, patch), replace: true });
  };
  const clearFilters = () => {
    void navigate({ search: search.sort ? { sort: search.sort } : {}, replace: true });
  };
  // A 400 names the parameter it refused: show it on that filter.
  const fieldErrors: Partial<Record<keyof DeliverySearch, string>> = {};
  if (query.isError) {
    for (const error of toApiError(query.error).errors) {
      fieldErrors[normalizeFieldPath(error.field) as keyof DeliverySearch] ??= fieldErrorMessage(error);
    }
  }
  const filtered = hasDeliveryFilters(search);
  const updating = query.isPlaceholderData;
  const number = new Intl.NumberFormat(i18n.language);

  return (
    <Page title={t('deliveryLog.title')} description={t('deliveryLog.description')}>
      <Filters
        search={search}
        events={catalogue.data}
        eventsFailed={catalogue.isError}
        onChange={update}
        onClear={clearFilters}
        errors={fieldErrors}
      />

      {query.isError && query.data === undefined ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : null}
      {query.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label={t('common.loading')}>
          {Array.from({ length: 3 }, (_, index) => (
            <Skeleton key={index} height={44} radius="sm" />
          ))}
        </Stack>
      ) : null}

      {query.data !== undefined && deliveries.length === 0 ? (
        <EmptyState
          icon={<IconInbox size={32} aria-hidden />}
          title={filtered ? t('deliveryLog.empty.filteredTitle') : t('deliveryLog.empty.title')}
          description={filtered ? t('deliveryLog.empty.filteredBody') : t('deliveryLog.empty.body')}
        >
          {filtered ? (
            <EmptyState.Actions>
              <Button variant="default" onClick={clearFilters}>
                {t('deliveryLog.filters.clear')}
              </Button>
            </EmptyState.Actions>
          ) : null}
        </EmptyState>
      ) : null}

      {deliveries.length > 0 ? (
        <Stack gap="sm">
          <Table.ScrollContainer minWidth={1000}>
            <Table
              verticalSpacing="xs"
              aria-label={t('deliveryLog.tableLabel')}
              aria-busy={updating}
              style={{ opacity: updating ? 0.6 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('webhooks.deliveries.time')}</Table.Th>
                  <Table.Th>{t('deliveryLog.columns.channel')}</Table.Th>
                  <Table.Th>{t('webhooks.deliveries.event')}</Table.Th>
                  <Table.Th>{t('deliveryLog.columns.target')}</Table.Th>
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
                  <DeliveryRow key={delivery.id} delivery={delivery} event={eventsByCode.get(delivery.event)} />
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
    </Page>
  );
}
