import { Button, Group, EmptyState, MultiSelect, Select, Stack } from '@mantine/core';
import { IconKeyboard, IconPlus, IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../lib/me';
import { DebouncedTextInput } from '../../ui/DebouncedTextInput';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { PersonSelect } from '../data/PersonSelect';
import { TagPicker } from '../data/TagPicker';
import { ImportExportActions } from '../imports/ImportExportActions';
import { allAssetModelsQueryOptions, allLocationsQueryOptions, ASSET_STATUSES, flattenPages } from './assetsApi';
import { hasFilters, mergePeripheralSearch, type PeripheralSearch } from './inventorySearch';
import { ItemSelect } from './ItemPicker';
import { FilterCard, ListFooter, ListSkeleton } from './ListParts';
import { modelOptions } from './modelOptions';
import { CreatePeripheralModal } from './PeripheralFormModal';
import { DEFAULT_PERIPHERAL_SORT, usePeripherals } from './peripheralsApi';
import { PeripheralsTable } from './PeripheralsTable';

const routeApi = getRouteApi('/_app/assets/peripherals');

/** A shared link may name something archived since: keep it choosable so that the filter shows. */
function keep(options: { value: string; label: string }[], value: string | undefined) {
  return value && !options.some((option) => option.value === value) ? [...options, { value, label: value }] : options;
}

function PeripheralFilters({
  search,
  onChange,
  onClear,
}: {
  search: PeripheralSearch;
  onChange: (patch: Partial<PeripheralSearch>) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  const locations = useQuery(allLocationsQueryOptions());
  const models = useQuery(allAssetModelsQueryOptions());
  const locationOptions = (locations.data ?? []).map((location) => ({ value: location.id, label: location.name }));
  return (
    <FilterCard
      label={t('assets.filters.label')}
      filtered={hasFilters(search)}
      onClear={onClear}
      includeArchived={search.include_archived}
      onIncludeArchived={(include_archived) => {
        onChange({ include_archived });
      }}
    >
      <DebouncedTextInput
        label={t('assets.filters.q')}
        placeholder={t('inventoryAssets.peripherals.qPlaceholder')}
        type="search"
        maxLength={200}
        leftSection={<IconSearch size={16} aria-hidden />}
        value={search.q ?? ''}
        onCommit={(q) => {
          onChange({ q });
        }}
      />
      <MultiSelect
        label={t('assets.filters.status')}
        placeholder={search.status?.length ? undefined : t('assets.filters.anyStatus')}
        data={ASSET_STATUSES.map((status) => ({ value: status, label: t(`assets.status.${status}`) }))}
        value={search.status ?? []}
        onChange={(status) => {
          onChange({ status: status });
        }}
        clearable
      />
      <PersonSelect
        label={t('assets.filters.holder')}
        value={search.holder_id ?? null}
        onChange={(id) => {
          onChange({ holder_id: id ?? undefined });
        }}
      />
      <ItemSelect
        kind="asset"
        label={t('inventoryAssets.peripherals.asset')}
        placeholder={t('inventoryAssets.peripherals.anyAsset')}
        value={search.asset_id ?? null}
        onChange={(id) => {
          onChange({ asset_id: id ?? undefined });
        }}
      />
      <Select
        label={t('assets.filters.location')}
        placeholder={t('assets.filters.anyLocation')}
        data={keep(locationOptions, search.location_id)}
        value={search.location_id ?? null}
        onChange={(id) => {
          onChange({ location_id: id ?? undefined });
        }}
        searchable
        clearable
        clearButtonProps={{ 'aria-label': t('assets.filters.clearLocation') }}
      />
      <Select
        label={t('assets.filters.model')}
        placeholder={t('assets.filters.anyModel')}
        data={
          search.model_id && !(models.data ?? []).some((model) => model.id === search.model_id)
            ? [...modelOptions(models.data), { value: search.model_id, label: search.model_id }]
            : modelOptions(models.data)
        }
        value={search.model_id ?? null}
        onChange={(id) => {
          onChange({ model_id: id ?? undefined });
        }}
        searchable
        clearable
        clearButtonProps={{ 'aria-label': t('assets.filters.clearModel') }}
      />
      <TagPicker
        label={t('assets.filters.tags')}
        value={search.tag ?? []}
        onChange={(tag) => {
          onChange({ tag });
        }}
      />
    </FilterCard>
  );
}

/** Peripherals: filtered, sorted and paged by the server; filters in the address. */
export function PeripheralsPage() {
  const { t, i18n } = useTranslation();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const me = useMe();
  const writer = can(me.data, 'assets', 'write');
  const query = usePeripherals(search);
  const { items, total } = flattenPages(query.data?.pages);
  const [creating, setCreating] = useState(false);
  const update = (patch: Partial<PeripheralSearch>) => {
    void navigate({ search: (previous) => mergePeripheralSearch(previous, patch), replace: true });
  };
  const clear = () => {
    void navigate({ search: search.sort ? { sort: search.sort } : {}, replace: true });
  };
  const filtered = hasFilters(search);
  const number = new Intl.NumberFormat(i18n.language);
  const open = () => {
    setCreating(true);
  };

  return (
    <Page
      title={t('inventoryAssets.peripherals.title')}
      description={t('inventoryAssets.peripherals.description')}
      actions={
        <Group gap="xs">
          <ImportExportActions entity="peripheral" />
          {writer ? (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={open}>
              {t('inventoryAssets.peripherals.create')}
            </Button>
          ) : null}
        </Group>
      }
    >
      <PeripheralFilters search={search} onChange={update} onClear={clear} />
      {query.isError && query.data === undefined ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : null}
      {query.isPending ? <ListSkeleton /> : null}
      {query.data !== undefined && items.length === 0 ? (
        <EmptyState
          icon={<IconKeyboard size={32} aria-hidden />}
          title={filtered ? t('assets.empty.filteredTitle') : t('inventoryAssets.peripherals.emptyTitle')}
          description={filtered ? t('assets.empty.filteredBody') : t('inventoryAssets.peripherals.emptyBody')}
        >
          {filtered ? (
            <EmptyState.Actions>
              <Button variant="default" onClick={clear}>
                {t('assets.filters.clear')}
              </Button>
            </EmptyState.Actions>
          ) : writer ? (
            <EmptyState.Actions>
              <Button variant="default" onClick={open}>
                {t('inventoryAssets.peripherals.create')}
              </Button>
            </EmptyState.Actions>
          ) : null}
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <Stack gap="sm">
          <PeripheralsTable
            peripherals={items}
            sort={search.sort ?? DEFAULT_PERIPHERAL_SORT}
            onSort={(sort) => {
              update({ sort });
            }}
            busy={query.isPlaceholderData}
          />
          <ListFooter
            query={query}
            count={t('inventoryAssets.peripherals.count', {
              shown: number.format(items.length),
              total: number.format(total),
              count: total,
            })}
          />
        </Stack>
      ) : null}
      {writer ? (
        <CreatePeripheralModal
          opened={creating}
          onClose={() => {
            setCreating(false);
          }}
        />
      ) : null}
    </Page>
  );
}
