import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Code,
  EmptyState,
  Group,
  Loader,
  Progress,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { IconBuildingOff, IconFilterOff, IconListDetails, IconRefreshDot, IconSearch } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorMessage, normalizeFieldPath, toApiError } from '../../lib/api';
import { can, useMe } from '../../lib/me';
import { AuditTime } from '../../ui/audit/AuditTime';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { JobDrawer } from './JobDrawer';
import { JOB_STATE_COLORS, jobKindLabel } from './jobLabels';
import { type JobSearch, hasJobFilters, jobFiltersOf, mergeJobSearch } from './jobSearch';
import { isFinished, JOB_STATES, type Job, jobsRefetchInterval, KNOWN_JOB_KINDS, useJobs } from './jobsApi';
import { JobStateBadge } from './JobStateBadge';

const routeApi = getRouteApi('/_app/jobs');

function JobRow({ job, onOpen }: { job: Job; onOpen: () => void }) {
  const { t } = useTranslation();
  const kind = jobKindLabel(job.kind, t);
  return (
    <Table.Tr onClick={onOpen} style={{ cursor: 'pointer' }} data-job-id={job.id}>
      <Table.Td>
        <Text size="sm" fw={500}>
          {kind}
        </Text>
        <Text size="xs" c="dimmed">
          #{job.id}
          {kind !== job.kind ? (
            <>
              {' · '}
              <Code fz="xs">{job.kind}</Code>
            </>
          ) : null}
        </Text>
      </Table.Td>
      {/* A badge truncates in a narrow column: keep the state readable. */}
      <Table.Td miw={130}>
        <JobStateBadge state={job.state} />
      </Table.Td>
      <Table.Td miw={180}>
        <Progress
          value={job.percent}
          size="sm"
          color={JOB_STATE_COLORS[job.state]}
          animated={!isFinished(job)}
          aria-label={t('jobs.progress.label', { kind })}
        />
        <Text size="xs" c="dimmed" mt={4} lineClamp={2}>
          {job.message || t('jobs.percent', { percent: job.percent })}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {t('jobs.attempts', { attempt: job.attempt, max: job.max_attempts })}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{job.actor_name || t('jobs.unknownActor')}</Text>
      </Table.Td>
      <Table.Td>
        <AuditTime value={job.created_at} style={{ whiteSpace: 'nowrap' }} />
      </Table.Td>
      <Table.Td>
        {job.finalized_at ? (
          <AuditTime value={job.finalized_at} style={{ whiteSpace: 'nowrap' }} />
        ) : (
          <Text size="sm" c="dimmed">
            {t('jobs.none')}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <ActionIcon
          variant="subtle"
          aria-label={t('jobs.showDetails', { kind, id: job.id })}
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
      {Array.from({ length: 5 }, (_, index) => (
        <Skeleton key={index} height={44} radius="sm" />
      ))}
    </Stack>
  );
}

function Filters({
  search,
  onChange,
  onClear,
  administrator,
  errors,
}: {
  search: JobSearch;
  onChange: (patch: Partial<JobSearch>) => void;
  onClear: () => void;
  administrator: boolean;
  errors: Partial<Record<keyof JobSearch, string>>;
}) {
  const { t } = useTranslation();
  const kindOptions = useMemo(() => {
    const kinds: string[] = Object.keys(KNOWN_JOB_KINDS);
    // A shared link may name a kind this version of the UI does not know yet.
    if (search.kind && !kinds.includes(search.kind)) kinds.push(search.kind);
    return kinds.map((kind) => ({ value: kind, label: jobKindLabel(kind, t) }));
  }, [search.kind, t]);
  return (
    <Stack gap="sm" component="section" aria-label={t('jobs.filters.label')}>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" style={{ alignItems: 'end' }}>
        <Select
          label={t('jobs.filters.state')}
          placeholder={t('jobs.filters.anyState')}
          data={JOB_STATES.map((state) => ({ value: state, label: t(`jobs.states.${state}`) }))}
          value={search.state ?? null}
          onChange={(state) => {
            onChange({ state: state ?? undefined });
          }}
          clearable
          clearButtonProps={{ 'aria-label': t('jobs.filters.clearState') }}
          error={errors.state}
        />
        <Select
          label={t('jobs.filters.kind')}
          placeholder={t('jobs.filters.anyKind')}
          data={kindOptions}
          value={search.kind ?? null}
          onChange={(kind) => {
            onChange({ kind: kind ?? undefined });
          }}
          searchable
          clearable
          leftSection={<IconSearch size={16} aria-hidden />}
          clearButtonProps={{ 'aria-label': t('jobs.filters.clearKind') }}
          error={errors.kind}
        />
        {administrator ? (
          <Switch
            label={t('jobs.filters.mine')}
            checked={search.mine ?? false}
            onChange={(event) => {
              onChange({ mine: event.currentTarget.checked });
            }}
            mb={8}
          />
        ) : (
          <Text size="sm" c="dimmed" mb={8}>
            {t('jobs.filters.ownOnly')}
          </Text>
        )}
      </SimpleGrid>
      {hasJobFilters(search) ? (
        <Group>
          <Button variant="subtle" size="xs" leftSection={<IconFilterOff size={16} aria-hidden />} onClick={onClear}>
            {t('jobs.filters.clear')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

/**
 * Background jobs (`/jobs`): what the server is doing or did for the organisation, live while anything is unfinished.
 * Members see the jobs they started, administrators every job; one job opens in a drawer (`?job=<id>`).
 */
export function JobsPage() {
  const { t, i18n } = useTranslation();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const me = useMe();
  const administrator = can(me.data, 'administration', 'read');
  // Cancel and retry: any job with administration write, else one's own (the list only has those for a member).
  const withActions = can(me.data, 'administration', 'write') || !administrator || search.mine === true;
  const hasOrganization = Boolean(me.data?.active_organization_id);
  const filters = useMemo(() => jobFiltersOf(search), [search]);
  const query = useJobs(filters, { enabled: hasOrganization });
  const pages = query.data?.pages;
  const jobs = pages?.flatMap((page) => page.items) ?? [];
  const total = pages?.[pages.length - 1]?.total ?? 0;
  const live = jobsRefetchInterval(pages) !== false;

  const update = (patch: Partial<JobSearch>) => {
    void navigate({ search: (previous) => mergeJobSearch(previous, patch), replace: true });
  };
  const clearFilters = () => {
    void navigate({ search: search.job ? { job: search.job } : {}, replace: true });
  };

  const fieldErrors = useMemo(() => {
    if (!query.isError) return {};
    const errors: Partial<Record<keyof JobSearch, string>> = {};
    for (const error of toApiError(query.error).errors) {
      errors[normalizeFieldPath(error.field) as keyof JobSearch] ??= fieldErrorMessage(error);
    }
    return errors;
  }, [query.isError, query.error]);

  const filtered = hasJobFilters(search);
  const updating = query.isPlaceholderData;
  const number = new Intl.NumberFormat(i18n.language);

  if (!me.isPending && !hasOrganization) {
    return (
      <Page title={t('jobs.title')}>
        <Alert variant="light" color="gray" icon={<IconBuildingOff aria-hidden />}>
          {t('jobs.noOrganization')}
        </Alert>
      </Page>
    );
  }

  return (
    <Page title={t('jobs.title')} description={administrator ? t('jobs.descriptionAdmin') : t('jobs.description')}>
      <Card withBorder padding="md" radius="md">
        <Filters
          search={search}
          onChange={update}
          onClear={clearFilters}
          administrator={administrator}
          errors={fieldErrors}
        />
      </Card>

      {query.isError && query.data === undefined ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : null}
      {query.isPending ? <LoadingRows /> : null}

      {query.data !== undefined && jobs.length === 0 ? (
        <EmptyState
          icon={<IconRefreshDot size={32} aria-hidden />}
          title={filtered ? t('jobs.empty.filteredTitle') : t('jobs.empty.title')}
          description={filtered ? t('jobs.empty.filteredBody') : t('jobs.empty.body')}
        >
          {filtered ? (
            <EmptyState.Actions>
              <Button variant="default" onClick={clearFilters}>
                {t('jobs.filters.clear')}
              </Button>
            </EmptyState.Actions>
          ) : null}
        </EmptyState>
      ) : null}

      {jobs.length > 0 ? (
        <Stack gap="sm">
          <Table.ScrollContainer minWidth={1060}>
            <Table
              highlightOnHover
              verticalSpacing="xs"
              aria-label={t('jobs.tableLabel')}
              aria-busy={updating}
              style={{ opacity: updating ? 0.6 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('jobs.fields.kind')}</Table.Th>
                  <Table.Th>{t('jobs.fields.state')}</Table.Th>
                  <Table.Th>{t('jobs.fields.progress')}</Table.Th>
                  <Table.Th>{t('jobs.fields.attempts')}</Table.Th>
                  <Table.Th>{t('jobs.fields.startedBy')}</Table.Th>
                  <Table.Th>{t('jobs.fields.created')}</Table.Th>
                  <Table.Th>{t('jobs.fields.finished')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('jobs.detailsColumn')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {jobs.map((job) => (
                  <JobRow
                    key={job.id}
                    job={job}
                    onOpen={() => {
                      update({ job: job.id });
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
                {t('jobs.count', { shown: number.format(jobs.length), total: number.format(total), count: total })}
              </Text>
              {updating ? <Loader size="xs" aria-label={t('common.loading')} /> : null}
              {live ? (
                <Text size="xs" c="dimmed" data-testid="jobs-live">
                  {t('jobs.live')}
                </Text>
              ) : null}
            </Group>
            {query.hasNextPage ? (
              <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                {t('jobs.loadMore')}
              </Button>
            ) : null}
          </Group>
        </Stack>
      ) : null}

      <JobDrawer
        jobId={search.job}
        withActions={withActions}
        onClose={() => {
          update({ job: undefined });
        }}
      />
    </Page>
  );
}
