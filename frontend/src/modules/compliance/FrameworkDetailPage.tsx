import {
  Alert,
  Anchor,
  Button,
  Card,
  EmptyState,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Tabs,
  Text,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconArchive,
  IconArrowBackUp,
  IconArrowLeft,
  IconExternalLink,
  IconHistory,
  IconListTree,
  IconLock,
  IconPencil,
  IconPlus,
  IconSearch,
} from '@tabler/icons-react';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toApiError, type Versioned } from '../../lib/api';
import { can, useMe } from '../../lib/me';
import { showProblemNotification } from '../../lib/problemNotification';
import { DebouncedTextInput } from '../../ui/DebouncedTextInput';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { RouterButton } from '../../ui/RouterLinks';
import { RecordTimeline } from '../../ui/timeline/RecordTimeline';
import { ConfirmModal } from '../administration/access/ConfirmModal';
import { ConflictAlert } from '../assets/ConflictAlert';
import { ArchivedBadge, OriginBadge } from './ComplianceBadges';
import {
  APPLICABILITIES,
  CONTROL_STATUSES,
  type Control,
  type ControlStatusValue,
  controlTreeQueryOptions,
  etagOf,
  type Framework,
  frameworkQueryOptions,
  type FrameworkStatus,
  frameworkStatusQueryOptions,
  useArchiveFramework,
  useUpdateFramework,
} from './complianceApi';
import { type FrameworkDetailSearch, type FrameworkTab, mergeFrameworkDetailSearch } from './complianceSearch';
import { ControlFormModal } from './ControlFormModal';
import { ControlTree } from './ControlTree';
import { buildTree, countControls, filterTree, isFiltering, visibleIds } from './controlTree';
import { FrameworkFormModal } from './FrameworkFormModal';
import { FrameworkStatusSummary } from './FrameworkStatusSummary';

const routeApi = getRouteApi('/_app/compliance/frameworks/$id');

type Dialog = 'edit' | 'archive' | 'restore' | 'add-control' | null;

/** The active switch: a merge patch of `active` with the version on screen. */
function ActiveSwitch({ framework, reload }: { framework: Versioned<Framework>; reload: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const update = useUpdateFramework(framework.data.id);
  const [conflict, setConflict] = useState(false);
  return (
    <Stack gap="xs">
      <Switch
        label={t('compliance.frameworks.activeSwitch')}
        description={t('compliance.frameworks.activeDescription')}
        checked={update.isPending && update.variables.patch.active !== undefined ? update.variables.patch.active : framework.data.active}
        disabled={update.isPending || Boolean(framework.data.archived_at)}
        onChange={(event) => {
          const active = event.currentTarget.checked;
          setConflict(false);
          update.mutate(
            { patch: { active }, etag: etagOf(framework) },
            {
              onSuccess: (saved) => {
                notifications.show({
                  color: 'green',
                  message: saved.data.active
                    ? t('compliance.frameworks.activated', { name: saved.data.name })
                    : t('compliance.frameworks.deactivated', { name: saved.data.name }),
                });
              },
              onError: (thrown) => {
                const error = toApiError(thrown);
                if (error.isPreconditionFailed) setConflict(true);
                else showProblemNotification(error);
              },
            },
          );
        }}
      />
      {conflict ? (
        <ConflictAlert
          body={t('compliance.frameworks.edit.conflictBody')}
          onReload={async () => {
            await reload();
            setConflict(false);
          }}
        />
      ) : null}
    </Stack>
  );
}

function Actions({
  framework,
  reload,
  onAddControl,
}: {
  framework: Versioned<Framework>;
  reload: () => Promise<unknown>;
  onAddControl: () => void;
}) {
  const { t } = useTranslation();
  const data = framework.data;
  const archive = useArchiveFramework(data.id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => {
    setDialog(null);
  };
  const archived = Boolean(data.archived_at);
  const editable = data.origin !== 'builtin';
  return (
    <>
      <Group justify="space-between" align="flex-start" gap="md">
        <ActiveSwitch framework={framework} reload={reload} />
        <Group gap="sm">
          {editable && !archived ? (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={onAddControl}>
              {t('compliance.controls.create.open')}
            </Button>
          ) : null}
          {editable && !archived ? (
            <Button
              variant="default"
              leftSection={<IconPencil size={16} aria-hidden />}
              onClick={() => {
                setDialog('edit');
              }}
            >
              {t('compliance.frameworks.edit.open')}
            </Button>
          ) : null}
          {archived ? (
            <Button
              variant="default"
              leftSection={<IconArrowBackUp size={16} aria-hidden />}
              onClick={() => {
                setDialog('restore');
              }}
            >
              {t('compliance.frameworks.restore.open')}
            </Button>
          ) : (
            <Button
              variant="default"
              leftSection={<IconArchive size={16} color="var(--mantine-color-red-filled)" aria-hidden />}
              onClick={() => {
                setDialog('archive');
              }}
            >
              {t('compliance.frameworks.archive.open')}
            </Button>
          )}
        </Group>
      </Group>
      {dialog === 'edit' ? <FrameworkFormModal opened framework={framework} onClose={close} /> : null}
      <ConfirmModal
        opened={dialog === 'archive' || dialog === 'restore'}
        title={
          dialog === 'restore'
            ? t('compliance.frameworks.restore.title', { name: data.name })
            : t('compliance.frameworks.archive.title', { name: data.name })
        }
        confirmLabel={
          dialog === 'restore' ? t('compliance.frameworks.restore.confirm') : t('compliance.frameworks.archive.confirm')
        }
        danger={dialog === 'archive'}
        onClose={close}
        onConfirm={async () => {
          const restoring = dialog === 'restore';
          await archive.mutateAsync(!restoring);
          notifications.show({
            color: 'green',
            message: restoring
              ? t('compliance.frameworks.restore.done', { name: data.name })
              : t('compliance.frameworks.archive.done', { name: data.name }),
          });
        }}
      >
        {dialog === 'restore' ? t('compliance.frameworks.restore.body') : t('compliance.frameworks.archive.body')}
      </ConfirmModal>
    </>
  );
}

function Summary({ framework }: { framework: Framework }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  const stats = [
    { key: 'controls', label: t('compliance.fields.controls'), value: framework.controls },
    { key: 'applicable', label: t('compliance.applicability.applicable'), value: framework.applicable },
    { key: 'not_applicable', label: t('compliance.applicability.not_applicable'), value: framework.not_applicable },
  ];
  return (
    <Stack gap="sm">
      {framework.description ? (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {framework.description}
        </Text>
      ) : null}
      {framework.source_url ? (
        <Anchor href={framework.source_url} target="_blank" rel="noopener noreferrer" size="sm">
          <Group gap={4} component="span" wrap="nowrap">
            {t('compliance.library.source')}
            <IconExternalLink size={14} aria-hidden />
          </Group>
        </Anchor>
      ) : null}
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm" component="dl" aria-label={t('compliance.frameworks.summary')} m={0}>
        {stats.map((stat) => (
          <Card key={stat.key} withBorder padding="sm" radius="md">
            <Text component="dt" size="xs" c="dimmed">
              {stat.label}
            </Text>
            <Text component="dd" size="xl" fw={600} m={0} data-stat={stat.key}>
              {number.format(stat.value)}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function ControlsTab({
  framework,
  status,
  search,
  onSearch,
}: {
  framework: Framework;
  status: UseQueryResult<FrameworkStatus>;
  search: FrameworkDetailSearch;
  onSearch: (patch: Partial<FrameworkDetailSearch>) => void;
}) {
  const { t, i18n } = useTranslation();
  const query = useQuery(controlTreeQueryOptions(framework.id));
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const filter = useMemo(
    () => ({ q: search.q, applicability: search.applicability, status: search.status }),
    [search.q, search.applicability, search.status],
  );
  const statuses = status.data?.controls;
  const statusOf = useMemo(() => {
    const byId = new Map((statuses ?? []).map((item) => [item.control_id, item.status]));
    return (id: string): ControlStatusValue | undefined => byId.get(id);
  }, [statuses]);
  const rows = query.data;
  const tree = useMemo(() => (rows ? buildTree(rows) : []), [rows]);
  const visible = useMemo(() => (rows ? visibleIds(rows, filter, statusOf) : new Set<string>()), [rows, filter, statusOf]);
  const shown = useMemo(() => filterTree(tree, visible), [tree, visible]);
  const filtering = isFiltering(filter);
  const number = new Intl.NumberFormat(i18n.language);
  const parents = (rows ?? []).filter((row) => rows?.some((child) => child.parent_id === row.id)).map((row) => row.id);

  return (
    <Stack gap="md">
      <Card withBorder padding="md" radius="md">
        <Group align="end" gap="sm" component="section" aria-label={t('compliance.tree.filters')} wrap="wrap">
          <DebouncedTextInput
            label={t('compliance.tree.search')}
            placeholder={t('compliance.tree.searchPlaceholder')}
            type="search"
            maxLength={200}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search.q ?? ''}
            onCommit={(q) => {
              onSearch({ q });
            }}
            style={{ flexGrow: 1, minWidth: '14rem' }}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="applicability-filter-label">
              {t('compliance.fields.applicability')}
            </Text>
            <SegmentedControl
              aria-labelledby="applicability-filter-label"
              value={search.applicability ?? 'all'}
              data={[
                { value: 'all', label: t('compliance.filters.all') },
                ...APPLICABILITIES.map((value) => ({ value, label: t(`compliance.applicability.${value}`) })),
              ]}
              onChange={(value) => {
                onSearch({ applicability: value === 'all' ? undefined : value });
              }}
            />
          </Stack>
          <Select
            label={t('compliance.tree.status')}
            value={search.status ?? 'all'}
            data={[
              { value: 'all', label: t('compliance.filters.all') },
              ...CONTROL_STATUSES.map((value) => ({ value, label: t(`compliance.status.${value}`) })),
            ]}
            onChange={(value) => {
              onSearch({ status: value === null || value === 'all' ? undefined : value });
            }}
            allowDeselect={false}
            disabled={!status.data && !search.status}
            w={200}
            comboboxProps={{ withinPortal: true }}
          />
        </Group>
      </Card>
      {query.isPending ? <Skeleton height={200} radius="md" /> : null}
      {query.isError ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {rows ? (
        <Stack gap="xs">
          <Group justify="space-between" align="center">
            <Text size="sm" role="status">
              {filtering
                ? t('compliance.tree.countFiltered', {
                    shown: number.format(countControls(rows, visible)),
                    total: number.format(countControls(rows)),
                    count: countControls(rows),
                  })
                : t('compliance.tree.count', { total: number.format(countControls(rows)), count: countControls(rows) })}
            </Text>
            {!filtering && parents.length > 0 ? (
              <Group gap="xs">
                <Button
                  variant="subtle"
                  size="compact-sm"
                  onClick={() => {
                    setCollapsed(new Set());
                  }}
                >
                  {t('compliance.tree.expandAll')}
                </Button>
                <Button
                  variant="subtle"
                  size="compact-sm"
                  onClick={() => {
                    setCollapsed(new Set(parents));
                  }}
                >
                  {t('compliance.tree.collapseAll')}
                </Button>
              </Group>
            ) : null}
          </Group>
          {shown.length === 0 ? (
            <EmptyState
              icon={<IconListTree size={32} aria-hidden />}
              title={filtering ? t('compliance.tree.emptyFiltered') : t('compliance.tree.empty')}
              description={filtering ? t('compliance.tree.emptyFilteredBody') : t('compliance.tree.emptyBody')}
            />
          ) : (
            <Card withBorder padding={0} radius="md">
              <ControlTree
                nodes={shown}
                collapsed={collapsed}
                filtering={filtering}
                label={t('compliance.tree.label')}
                statusOf={status.data ? statusOf : undefined}
                onToggle={(id) => {
                  setCollapsed((previous) => {
                    const next = new Set(previous);
                    if (next.has(id)) next.delete(id);
                    else next.add(id);
                    return next;
                  });
                }}
              />
            </Card>
          )}
        </Stack>
      ) : null}
    </Stack>
  );
}

/**
 * Compliance → one framework: its summary, its compliance status (score and counts), its control tree with each
 * control's status and the Statement of Applicability, and its history.
 */
export function FrameworkDetailPage() {
  const { t } = useTranslation();
  const { id } = routeApi.useParams();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const me = useMe();
  const writer = can(me.data, 'compliance', 'write');
  const query = useQuery(frameworkQueryOptions(id));
  // One request for every control's status and the score: the summary and the tree share it.
  const status = useQuery(frameworkStatusQueryOptions(id));
  const data = query.data?.data;
  const tab: FrameworkTab = search.tab ?? 'controls';
  const [adding, setAdding] = useState(false);
  // The parent select of a new control offers the tree's rows (the controls tab has them in cache already).
  const rows = useQuery({ ...controlTreeQueryOptions(id), enabled: adding });
  const update = (patch: Partial<FrameworkDetailSearch>) => {
    void navigate({ search: (previous) => mergeFrameworkDetailSearch(previous, patch), replace: true });
  };

  return (
    <Page
      title={data ? data.name : t('compliance.frameworks.detailTitle')}
      description={
        data
          ? [data.publisher, data.edition ? t('compliance.library.edition', { edition: data.edition }) : '']
              .filter(Boolean)
              .join(' · ') || undefined
          : undefined
      }
      actions={
        <RouterButton variant="subtle" to="/compliance" leftSection={<IconArrowLeft size={16} aria-hidden />}>
          {t('compliance.backToFrameworks')}
        </RouterButton>
      }
    >
      {query.isPending ? <Skeleton height={200} radius="md" /> : null}
      {query.isError ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data && data ? (
        <>
          <Group gap="xs">
            <OriginBadge origin={data.origin} />
            {data.archived_at ? <ArchivedBadge /> : null}
          </Group>
          {data.origin === 'builtin' ? (
            <Alert color="blue" variant="light" icon={<IconLock aria-hidden />} title={t('compliance.frameworks.builtinTitle')}>
              {t('compliance.frameworks.builtinBody')}
            </Alert>
          ) : null}
          {writer ? (
            <Card withBorder padding="md" radius="md" component="section" aria-label={t('compliance.frameworks.actions')}>
              <Actions
                framework={query.data}
                reload={() => query.refetch()}
                onAddControl={() => {
                  setAdding(true);
                }}
              />
            </Card>
          ) : (
            <Alert color="gray" variant="light" icon={<IconLock aria-hidden />}>
              {data.active ? t('compliance.frameworks.viewOnlyActive') : t('compliance.frameworks.viewOnlyInactive')}
            </Alert>
          )}
          {data.archived_at ? (
            <Alert color="gray" variant="light" icon={<IconArchive aria-hidden />}>
              {t('compliance.frameworks.archivedNotice')}
            </Alert>
          ) : null}
          <Summary framework={data} />
          <FrameworkStatusSummary query={status} />
          <Tabs
            value={tab}
            keepMounted={false}
            onChange={(value) => {
              update({ tab: (value ?? 'controls') as FrameworkTab });
            }}
          >
            <Tabs.List mb="md">
              <Tabs.Tab value="controls" leftSection={<IconListTree size={16} aria-hidden />}>
                {t('compliance.tabs.controls')}
              </Tabs.Tab>
              <Tabs.Tab value="history" leftSection={<IconHistory size={16} aria-hidden />}>
                {t('compliance.tabs.history')}
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="controls">
              <ControlsTab framework={data} status={status} search={search} onSearch={update} />
            </Tabs.Panel>
            <Tabs.Panel value="history">
              <RecordTimeline entityType="framework" entityId={data.id} />
            </Tabs.Panel>
          </Tabs>
          {adding ? (
            <ControlFormModal
              opened
              frameworkId={data.id}
              rows={rows.data ?? ([] as Control[])}
              onClose={() => {
                setAdding(false);
              }}
            />
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
