import {
  ActionIcon,
  Button,
  Card,
  EmptyState,
  Group,
  Loader,
  Menu,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconArrowBackUp, IconClipboardCheck, IconDots, IconPlus, IconSearch } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorMessage, normalizeFieldPath, toApiError } from '../../lib/api';
import { can, useMe } from '../../lib/me';
import { DebouncedTextInput } from '../../ui/DebouncedTextInput';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { RouterAnchor } from '../../ui/RouterLinks';
import { ConfirmModal } from '../administration/access/ConfirmModal';
import { Day } from '../assets/AssetBadges';
import { CampaignFormModal } from './CampaignFormModal';
import { ArchivedBadge, CampaignProgress, CampaignStatusBadge } from './CampaignParts';
import { type CampaignSearch, mergeCampaignSearch } from './campaignSearch';
import {
  CAMPAIGN_SORTS,
  CAMPAIGN_STATUSES,
  type Campaign,
  DEFAULT_CAMPAIGN_SORT,
  flattenPages,
  useArchiveCampaign,
  useCampaigns,
} from './inventoryApi';

const routeApi = getRouteApi('/_app/assets/inventory');

interface Acting { kind: 'archive' | 'restore'; campaign: Campaign }

function CampaignRow({ campaign, writer, onAct }: { campaign: Campaign; writer: boolean; onAct: (acting: Acting) => void }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  const archived = Boolean(campaign.archived_at);
  return (
    <Table.Tr data-campaign-id={campaign.id}>
      <Table.Td>
        <RouterAnchor to="/assets/inventory/$id" params={{ id: campaign.id }} size="sm" fw={500}>
          {campaign.name}
        </RouterAnchor>
        {archived ? (
          <div>
            <ArchivedBadge />
          </div>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{campaign.location_name ?? t('inventory.allSites')}</Text>
      </Table.Td>
      <Table.Td>
        <Day value={campaign.due_on} />
      </Table.Td>
      <Table.Td>
        <CampaignStatusBadge status={campaign.status} />
      </Table.Td>
      <Table.Td style={{ minWidth: 200 }}>
        <CampaignProgress campaign={campaign} size="sm" />
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          {t('inventory.list.issues', {
            flagged: number.format(campaign.flagged),
            missing: number.format(campaign.missing),
          })}
        </Text>
      </Table.Td>
      {writer ? (
        <Table.Td>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={t('inventory.list.actionsFor', { name: campaign.name })}>
                <IconDots size={16} aria-hidden />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              {archived ? (
                <Menu.Item
                  leftSection={<IconArrowBackUp size={14} aria-hidden />}
                  onClick={() => {
                    onAct({ kind: 'restore', campaign });
                  }}
                >
                  {t('inventory.actions.restore')}
                </Menu.Item>
              ) : (
                <Menu.Item
                  color="red"
                  leftSection={<IconArchive size={14} aria-hidden />}
                  onClick={() => {
                    onAct({ kind: 'archive', campaign });
                  }}
                >
                  {t('inventory.actions.archive')}
                </Menu.Item>
              )}
            </Menu.Dropdown>
          </Menu>
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}

/** Assets → Inventory: physical inventory campaigns with their progress. */
export function CampaignsPage() {
  const { t, i18n } = useTranslation();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const me = useMe();
  const writer = can(me.data, 'assets', 'write');
  const query = useCampaigns(search);
  const archive = useArchiveCampaign();
  const { items: campaigns, total } = flattenPages(query.data?.pages);
  const [creating, setCreating] = useState(false);
  const [acting, setActing] = useState<Acting | null>(null);

  const update = (patch: Partial<CampaignSearch>) => {
    void navigate({ search: (previous) => mergeCampaignSearch(previous, patch), replace: true });
  };
  const fieldErrors: Partial<Record<keyof CampaignSearch, string>> = {};
  if (query.isError) {
    for (const error of toApiError(query.error).errors) {
      fieldErrors[normalizeFieldPath(error.field) as keyof CampaignSearch] ??= fieldErrorMessage(error);
    }
  }
  const filtered = Boolean(search.q ?? search.status);
  const updating = query.isPlaceholderData;
  const number = new Intl.NumberFormat(i18n.language);

  return (
    <Page
      title={t('inventory.title')}
      description={t('inventory.description')}
      actions={
        writer ? (
          <Button
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => {
              setCreating(true);
            }}
          >
            {t('inventory.create.open')}
          </Button>
        ) : null
      }
    >
      <Card withBorder padding="md" radius="md">
        <SimpleGrid
          cols={{ base: 1, sm: 2, lg: 4 }}
          spacing="sm"
          style={{ alignItems: 'end' }}
          component="section"
          aria-label={t('inventory.filters.label')}
        >
          <DebouncedTextInput
            label={t('inventory.filters.q')}
            placeholder={t('inventory.filters.qPlaceholder')}
            type="search"
            maxLength={200}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search.q ?? ''}
            onCommit={(q) => {
              update({ q });
            }}
            error={fieldErrors.q}
          />
          <Select
            label={t('inventory.fields.status')}
            placeholder={t('inventory.filters.any')}
            data={CAMPAIGN_STATUSES.map((status) => ({ value: status, label: t(`inventory.status.${status}`) }))}
            value={search.status ?? null}
            onChange={(value) => {
              update({ status: (value) ?? undefined });
            }}
            clearable
            clearButtonProps={{ 'aria-label': t('inventory.filters.clearStatus') }}
            error={fieldErrors.status}
          />
          <Select
            label={t('inventory.filters.sort')}
            data={CAMPAIGN_SORTS.map((sort) => ({ value: sort, label: t(`inventory.sort.${sort}`) }))}
            value={search.sort ?? DEFAULT_CAMPAIGN_SORT}
            onChange={(sort) => {
              if (sort) update({ sort: sort });
            }}
            allowDeselect={false}
            error={fieldErrors.sort}
          />
          <Switch
            label={t('inventory.filters.includeArchived')}
            checked={search.include_archived ?? false}
            onChange={(event) => {
              update({ include_archived: event.currentTarget.checked });
            }}
            mb={8}
          />
        </SimpleGrid>
      </Card>

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

      {query.data !== undefined && campaigns.length === 0 ? (
        <EmptyState
          icon={<IconClipboardCheck size={32} aria-hidden />}
          title={filtered ? t('inventory.empty.filteredTitle') : t('inventory.empty.title')}
          description={filtered ? t('inventory.empty.filteredBody') : t('inventory.empty.body')}
        />
      ) : null}

      {campaigns.length > 0 ? (
        <Stack gap="sm">
          <Table.ScrollContainer minWidth={860}>
            <Table
              highlightOnHover
              verticalSpacing="xs"
              aria-label={t('inventory.list.tableLabel')}
              aria-busy={updating}
              style={{ opacity: updating ? 0.6 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('inventory.fields.name')}</Table.Th>
                  <Table.Th>{t('inventory.fields.scope')}</Table.Th>
                  <Table.Th>{t('inventory.fields.due_on')}</Table.Th>
                  <Table.Th>{t('inventory.fields.status')}</Table.Th>
                  <Table.Th>{t('inventory.fields.progress')}</Table.Th>
                  <Table.Th>{t('inventory.fields.issues')}</Table.Th>
                  {writer ? (
                    <Table.Th>
                      <VisuallyHidden>{t('inventory.list.actionsColumn')}</VisuallyHidden>
                    </Table.Th>
                  ) : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {campaigns.map((campaign) => (
                  <CampaignRow key={campaign.id} campaign={campaign} writer={writer} onAct={setActing} />
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
                {t('inventory.list.count', { shown: number.format(campaigns.length), total: number.format(total), count: total })}
              </Text>
              {updating ? <Loader size="xs" aria-label={t('common.loading')} /> : null}
            </Group>
            {query.hasNextPage ? (
              <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                {t('inventory.list.loadMore')}
              </Button>
            ) : null}
          </Group>
        </Stack>
      ) : null}

      {creating ? (
        <CampaignFormModal
          opened
          onClose={() => {
            setCreating(false);
          }}
          onCreated={(campaign) => {
            void navigate({ to: '/assets/inventory/$id', params: { id: campaign.id } });
          }}
        />
      ) : null}
      <ConfirmModal
        opened={acting !== null}
        title={
          acting?.kind === 'restore'
            ? t('inventory.restore.title', { name: acting.campaign.name })
            : t('inventory.archive.title', { name: acting?.campaign.name ?? '' })
        }
        confirmLabel={acting?.kind === 'restore' ? t('inventory.actions.restore') : t('inventory.actions.archive')}
        danger={acting?.kind === 'archive'}
        onClose={() => {
          setActing(null);
        }}
        onConfirm={async () => {
          if (!acting) return;
          const restoring = acting.kind === 'restore';
          await archive.mutateAsync({ id: acting.campaign.id, archived: !restoring });
          notifications.show({
            color: 'green',
            message: restoring
              ? t('inventory.restore.done', { name: acting.campaign.name })
              : t('inventory.archive.done', { name: acting.campaign.name }),
          });
        }}
      >
        {acting?.kind === 'restore' ? t('inventory.restore.body') : t('inventory.archive.body')}
      </ConfirmModal>
    </Page>
  );
}
