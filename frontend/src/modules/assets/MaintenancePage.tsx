import { Button, EmptyState, Group, MultiSelect, SegmentedControl, Stack, TextInput } from '@mantine/core';
import { IconPlus, IconSearch, IconTool } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../lib/me';
import { DebouncedTextInput } from '../../ui/DebouncedTextInput';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { PersonSelect } from '../data/PersonSelect';
import { flattenPages } from './assetsApi';
import { hasFilters, maintenanceFiltersOf, type MaintenanceSearch, mergeMaintenanceSearch } from './inventorySearch';
import { ItemSelect } from './ItemPicker';
import { FilterCard, ListFooter, ListSkeleton } from './ListParts';
import {
  DEFAULT_MAINTENANCE_SORT,
  MAINTENANCE_STATUSES,
  MAINTENANCE_TYPES,
  type MaintenanceSort,
  useMaintenanceLogs,
} from './maintenanceApi';
import { CreateMaintenanceModal } from './MaintenanceFormModal';
import { MaintenanceTable } from './MaintenanceTable';

const routeApi = getRouteApi('/_app/assets/maintenance');

function MaintenanceFilters({
  search,
  onChange,
  onClear,
}: {
  search: MaintenanceSearch;
  onChange: (patch: Partial<MaintenanceSearch>) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  const erasure = search.view === 'erasure';
  return (
    <FilterCard
      label={t('assets.filters.label')}
      filtered={hasFilters(search, ['sort', 'view'])}
      onClear={onClear}
      includeArchived={search.include_archived}
      onIncludeArchived={(include_archived) => {
        onChange({ include_archived });
      }}
    >
      <DebouncedTextInput
        label={t('assets.filters.q')}
        placeholder={t('inventoryAssets.maintenance.qPlaceholder')}
        type="search"
        maxLength={200}
        leftSection={<IconSearch size={16} aria-hidden />}
        value={search.q ?? ''}
        onCommit={(q) => {
          onChange({ q });
        }}
      />
      {erasure ? null : (
        <MultiSelect
          label={t('inventoryAssets.maintenance.type')}
          placeholder={search.type?.length ? undefined : t('inventoryAssets.maintenance.anyType')}
          data={MAINTENANCE_TYPES.map((value) => ({ value, label: t(`inventoryAssets.maintenanceTypes.${value}`) }))}
          value={search.type ?? []}
          onChange={(type) => {
            onChange({ type: type });
          }}
          clearable
        />
      )}
      <MultiSelect
        label={t('assets.filters.status')}
        placeholder={search.status?.length ? undefined : t('assets.filters.anyStatus')}
        data={MAINTENANCE_STATUSES.map((value) => ({ value, label: t(`inventoryAssets.maintenanceStatuses.${value}`) }))}
        value={search.status ?? []}
        onChange={(status) => {
          onChange({ status: status });
        }}
        clearable
      />
      <PersonSelect
        label={t('inventoryAssets.maintenance.assignee')}
        value={search.assignee_id ?? null}
        onChange={(id) => {
          onChange({ assignee_id: id ?? undefined });
        }}
      />
      <ItemSelect
        kind="asset"
        label={t('inventoryAssets.kinds.asset')}
        placeholder={t('inventoryAssets.peripherals.anyAsset')}
        value={search.asset_id ?? null}
        onChange={(id) => {
          onChange({ asset_id: id ?? undefined });
        }}
      />
      <TextInput
        type="date"
        label={t('inventoryAssets.filters.from')}
        value={search.from ?? ''}
        onChange={(event) => {
          onChange({ from: event.currentTarget.value || undefined });
        }}
      />
      <TextInput
        type="date"
        label={t('inventoryAssets.filters.to')}
        value={search.to ?? ''}
        onChange={(event) => {
          onChange({ to: event.currentTarget.value || undefined });
        }}
      />
    </FilterCard>
  );
}

/** Maintenance logs of the fleet; the "Erasure register" view is the same list of data erasures. */
export function MaintenancePage() {
  const { t, i18n } = useTranslation();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const me = useMe();
  const writer = can(me.data, 'assets', 'write');
  const query = useMaintenanceLogs(maintenanceFiltersOf(search));
  const { items, total } = flattenPages(query.data?.pages);
  const [creating, setCreating] = useState(false);
  const viewLabelId = useId();
  const erasure = search.view === 'erasure';
  const update = (patch: Partial<MaintenanceSearch>) => {
    void navigate({ search: (previous) => mergeMaintenanceSearch(previous, patch), replace: true });
  };
  const clear = () => {
    void navigate({ search: { view: search.view, sort: search.sort }, replace: true });
  };
  const filtered = hasFilters(search, ['sort', 'view']);
  const number = new Intl.NumberFormat(i18n.language);
  const open = () => {
    setCreating(true);
  };

  return (
    <Page
      title={erasure ? t('inventoryAssets.maintenance.erasureTitle') : t('inventoryAssets.maintenance.title')}
      description={
        erasure ? t('inventoryAssets.maintenance.erasureDescription') : t('inventoryAssets.maintenance.description')
      }
      actions={
        writer ? (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={open}>
            {erasure ? t('inventoryAssets.maintenance.addErasure') : t('inventoryAssets.maintenance.add')}
          </Button>
        ) : null
      }
    >
      <Group gap="sm">
        <span id={viewLabelId} hidden>
          {t('inventoryAssets.maintenance.view')}
        </span>
        <SegmentedControl
          aria-labelledby={viewLabelId}
          data={[
            { value: 'all', label: t('inventoryAssets.maintenance.viewAll') },
            { value: 'erasure', label: t('inventoryAssets.maintenance.viewErasure') },
          ]}
          value={erasure ? 'erasure' : 'all'}
          onChange={(value) => {
            update({ view: value === 'erasure' ? 'erasure' : undefined, type: undefined });
          }}
        />
      </Group>
      <MaintenanceFilters search={search} onChange={update} onClear={clear} />
      {query.isError && query.data === undefined ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : null}
      {query.isPending ? <ListSkeleton /> : null}
      {query.data !== undefined && items.length === 0 ? (
        <EmptyState
          icon={<IconTool size={32} aria-hidden />}
          title={filtered ? t('assets.empty.filteredTitle') : t('inventoryAssets.maintenance.emptyTitle')}
          description={filtered ? t('assets.empty.filteredBody') : t('inventoryAssets.maintenance.emptyBody')}
        >
          {filtered ? (
            <EmptyState.Actions>
              <Button variant="default" onClick={clear}>
                {t('assets.filters.clear')}
              </Button>
            </EmptyState.Actions>
          ) : null}
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <Stack gap="sm">
          <MaintenanceTable
            logs={items}
            erasure={erasure}
            sort={search.sort ?? DEFAULT_MAINTENANCE_SORT}
            onSort={(sort) => {
              update({ sort: sort as MaintenanceSort });
            }}
            busy={query.isPlaceholderData}
          />
          <ListFooter
            query={query}
            count={t('inventoryAssets.maintenance.count', {
              shown: number.format(items.length),
              total: number.format(total),
              count: total,
            })}
          />
        </Stack>
      ) : null}
      {writer ? (
        <CreateMaintenanceModal
          key={erasure ? 'erasure' : 'all'}
          opened={creating}
          type={erasure ? 'data_erasure' : undefined}
          onClose={() => {
            setCreating(false);
          }}
        />
      ) : null}
    </Page>
  );
}
