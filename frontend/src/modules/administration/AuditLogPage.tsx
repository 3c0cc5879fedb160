import {
  ActionIcon,
  Button,
  Card,
  EmptyState,
  Group,
  Loader,
  Skeleton,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { IconDownload, IconFileSearch, IconListDetails } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorMessage, normalizeFieldPath, toApiError } from '../../lib/api';
import {
  type AuditEvent,
  type AuditExportFormat,
  type AuditFilters,
  auditActorName,
  auditActorTypeLabel,
  auditEntityTypeLabel,
  downloadAuditExport,
  DEFAULT_AUDIT_SORT,
  flattenAuditPages,
  useAuditEvents,
} from '../../lib/audit';
import { browserTimeZone } from '../../lib/intl';
import { showProblemNotification } from '../../lib/problemNotification';
import { AuditActionBadge } from '../../ui/audit/AuditActionBadge';
import { AuditChangedFields } from '../../ui/audit/AuditChangedFields';
import { AuditEventDrawer } from '../../ui/audit/AuditEventDrawer';
import { AuditTime } from '../../ui/audit/AuditTime';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { AuditLogFilters } from './AuditLogFilters';
import { type AuditSearch, auditFiltersOf, hasAuditFilters, mergeAuditSearch } from './auditSearch';

const routeApi = getRouteApi('/_app/administration/audit-log');

const EXPORT_FORMATS: readonly AuditExportFormat[] = ['csv', 'jsonl'];

function ExportButtons({ filters }: { filters: AuditFilters }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<AuditExportFormat | null>(null);
  const save = async (format: AuditExportFormat) => {
    setBusy(format);
    try {
      // Through the API client: the access token lives in memory only, so a plain link would go without it (401).
      await downloadAuditExport(filters, format);
    } catch (error) {
      showProblemNotification(toApiError(error));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Group gap="xs">
      {EXPORT_FORMATS.map((format) => (
        <Button
          key={format}
          variant="default"
          loading={busy === format}
          disabled={busy !== null && busy !== format}
          leftSection={<IconDownload size={16} aria-hidden />}
          onClick={() => void save(format)}
        >
          {t(`auditLog.export.${format}`)}
        </Button>
      ))}
    </Group>
  );
}

function EventRow({ event, onOpen }: { event: AuditEvent; onOpen: () => void }) {
  const { t } = useTranslation();
  const entityType = auditEntityTypeLabel(event.entity_type, t);
  return (
    <Table.Tr onClick={onOpen} style={{ cursor: 'pointer' }} data-event-id={event.id}>
      <Table.Td>
        <AuditTime value={event.occurred_at} style={{ whiteSpace: 'nowrap' }} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{auditActorName(event.actor, t)}</Text>
        {event.actor.name.trim() ? (
          <Text size="xs" c="dimmed">
            {auditActorTypeLabel(event.actor.type, t)}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <AuditActionBadge action={event.action} />
      </Table.Td>
      <Table.Td>
        <Text size="xs" c="dimmed">
          {entityType}
        </Text>
        {event.entity_id ? (
          <Tooltip label={event.entity_id} openDelay={300}>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {event.entity_label || event.entity_id}
            </Text>
          </Tooltip>
        ) : (
          <Text size="sm">{event.entity_label}</Text>
        )}
      </Table.Td>
      <Table.Td>
        <AuditChangedFields event={event} />
      </Table.Td>
      <Table.Td>
        <ActionIcon
          variant="subtle"
          aria-label={t('auditLog.showDetails', { seq: event.seq })}
          onClick={(clicked) => {
            clicked.stopPropagation();
            onOpen();
          }}
        >
          <IconListDetails size={18} aria-hidden />
        </ActionIcon>
      </Table.Td>
    </Table.Tr>
  );
}

function LoadingRows() {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" aria-busy="true" aria-label={t('common.loading')}>
      {Array.from({ length: 6 }, (_, index) => (
        <Skeleton key={index} height={36} radius="sm" />
      ))}
    </Stack>
  );
}

/** Administration → Audit log (SPEC §1.4): the organisation's tamper-evident trail, filtered, paged and exported. */
export function AuditLogPage() {
  const { t, i18n } = useTranslation();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const filters = useMemo(() => auditFiltersOf(search), [search]);
  const query = useAuditEvents({ filters, sort: search.sort ?? DEFAULT_AUDIT_SORT }, { keepPrevious: true });
  const { events, total } = flattenAuditPages(query.data?.pages);
  const [selected, setSelected] = useState<AuditEvent | null>(null);

  const update = (patch: Partial<AuditSearch>) => {
    void navigate({ search: (previous) => mergeAuditSearch(previous, patch), replace: true });
  };

  // A 400 names the parameter it refused: show it on that filter.
  const fieldErrors = useMemo(() => {
    if (!query.isError) return {};
    const errors: Partial<Record<keyof AuditSearch, string>> = {};
    for (const error of toApiError(query.error).errors) {
      const field = normalizeFieldPath(error.field) as keyof AuditSearch;
      errors[field] ??= fieldErrorMessage(error);
    }
    return errors;
  }, [query.isError, query.error]);

  const filtered = hasAuditFilters(search);
  // New filters are loading while the previous result stays on screen.
  const updating = query.isPlaceholderData;
  const clearFilters = () => {
    void navigate({ search: search.sort ? { sort: search.sort } : {}, replace: true });
  };
  const number = new Intl.NumberFormat(i18n.language);

  return (
    <Page title={t('auditLog.title')} description={t('auditLog.description')} actions={<ExportButtons filters={filters} />}>
      <Card withBorder padding="md" radius="md">
        <AuditLogFilters
          search={search}
          onChange={update}
          onClear={clearFilters}
          errors={fieldErrors}
        />
      </Card>

      {query.isError && query.data === undefined ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : null}

      {query.isPending ? <LoadingRows /> : null}

      {query.data !== undefined && events.length === 0 ? (
        <EmptyState
          icon={<IconFileSearch size={32} aria-hidden />}
          title={filtered ? t('auditLog.empty.filteredTitle') : t('auditLog.empty.title')}
          description={filtered ? t('auditLog.empty.filteredBody') : t('auditLog.empty.body')}
        >
          {filtered ? (
            <EmptyState.Actions>
              <Button variant="default" onClick={clearFilters}>
                {t('auditLog.filters.clear')}
              </Button>
            </EmptyState.Actions>
          ) : null}
        </EmptyState>
      ) : null}

      {events.length > 0 ? (
        <Stack gap="sm">
          <Table.ScrollContainer minWidth={860}>
            <Table
              highlightOnHover
              verticalSpacing="xs"
              aria-label={t('auditLog.tableLabel')}
              aria-busy={updating}
              style={{ opacity: updating ? 0.6 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('audit.fields.time')}</Table.Th>
                  <Table.Th>{t('audit.fields.actor')}</Table.Th>
                  <Table.Th>{t('audit.fields.action')}</Table.Th>
                  <Table.Th>{t('audit.fields.entity')}</Table.Th>
                  <Table.Th>{t('audit.fields.changes')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('auditLog.detailsColumn')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {events.map((event) => (
                  <EventRow
                    key={event.id}
                    event={event}
                    onOpen={() => {
                      setSelected(event);
                    }}
                  />
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
                {t('auditLog.count', { shown: number.format(events.length), total: number.format(total), count: total })}
              </Text>
              {updating ? <Loader size="xs" aria-label={t('common.loading')} /> : null}
              <Text size="xs" c="dimmed">
                {t('audit.timeZone', { zone: browserTimeZone() })}
              </Text>
            </Group>
            {query.hasNextPage ? (
              <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                {t('auditLog.loadMore')}
              </Button>
            ) : null}
          </Group>
        </Stack>
      ) : null}

      <AuditEventDrawer
        event={selected}
        onClose={() => {
          setSelected(null);
        }}
      />
    </Page>
  );
}
