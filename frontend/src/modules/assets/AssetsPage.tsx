import {
  Button,
  Card,
  Checkbox,
  Code,
  EmptyState,
  Group,
  Loader,
  MultiSelect,
  Popover,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import {
  IconArrowDown,
  IconArrowsSort,
  IconArrowUp,
  IconColumns3,
  IconDevices,
  IconFilterOff,
  IconPlus,
  IconSearch,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorMessage, normalizeFieldPath, toApiError } from '../../lib/api';
import { can, useMe } from '../../lib/me';
import { AuditTime } from '../../ui/audit/AuditTime';
import { DebouncedTextInput } from '../../ui/DebouncedTextInput';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { RouterAnchor } from '../../ui/RouterLinks';
import { PersonSelect } from '../data/PersonSelect';
import { TagBadges } from '../data/TagBadges';
import { TagPicker } from '../data/TagPicker';
import { ImportExportActions } from '../imports/ImportExportActions';
import { ArchivedBadge, AssetStatusBadge, CriticalBadge, Day, RemoteBadge, WarrantyEnd } from './AssetBadges';
import { AssetBulkToolbar, AssetSelectCell } from './AssetBulkToolbar';
import { ASSET_COLUMNS, type AssetColumn, useAssetColumns } from './assetColumns';
import { EquipmentReport } from './EquipmentReport';
import { SelectAllHeader } from './ListParts';
import { CreateAssetModal } from './AssetFormModal';
import { modelOptions } from './modelOptions';
import { type AssetSearch, columnSort, hasAssetFilters, mergeAssetSearch } from './assetSearch';
import {
  allAssetModelsQueryOptions,
  allBrandsQueryOptions,
  allLocationsQueryOptions,
  type Asset,
  ASSET_STATUSES,
  type AssetSortColumn,
  flattenPages,
  useAssets,
} from './assetsApi';

const routeApi = getRouteApi('/_app/assets/');

const NO_SELECTION: ReadonlyMap<string, Asset> = new Map();

/** What the list shows, the sort aside: the selection holds while it stays the same. */
function filtersKey(search: AssetSearch): string {
  return JSON.stringify({ ...search, sort: undefined });
}

type TriState = 'true' | 'false';

function triState(value: boolean | undefined): TriState | null {
  return value === undefined ? null : value ? 'true' : 'false';
}

function AssetFilters({
  search,
  onChange,
  onClear,
  errors,
}: {
  search: AssetSearch;
  onChange: (patch: Partial<AssetSearch>) => void;
  onClear: () => void;
  errors: Partial<Record<keyof AssetSearch, string>>;
}) {
  const { t } = useTranslation();
  const locations = useQuery(allLocationsQueryOptions());
  const brands = useQuery(allBrandsQueryOptions());
  const models = useQuery(allAssetModelsQueryOptions());
  const locationOptions = (locations.data ?? []).map((location) => ({ value: location.id, label: location.name }));
  const brandOptions = (brands.data ?? []).map((brand) => ({ value: brand.id, label: brand.name }));
  const shownModels = search.brand_id ? models.data?.filter((model) => model.brand_id === search.brand_id) : models.data;
  // A shared link may name something archived since: keep it choosable so that the filter shows.
  const keep = (options: { value: string; label: string }[], value: string | undefined) =>
    value && !options.some((option) => option.value === value) ? [...options, { value, label: value }] : options;
  const yesNo = [
    { value: 'true', label: t('assets.filters.yes') },
    { value: 'false', label: t('assets.filters.no') },
  ];

  return (
    <Stack gap="sm" component="section" aria-label={t('assets.filters.label')}>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
        <DebouncedTextInput
          label={t('assets.filters.q')}
          placeholder={t('assets.filters.qPlaceholder')}
          type="search"
          maxLength={200}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search.q ?? ''}
          onCommit={(q) => {
            onChange({ q });
          }}
          error={errors.q}
        />
        <MultiSelect
          label={t('assets.filters.status')}
          placeholder={search.status?.length ? undefined : t('assets.filters.anyStatus')}
          data={ASSET_STATUSES.map((status) => ({ value: status, label: t(`assets.status.${status}`) }))}
          value={search.status ?? []}
          onChange={(status) => {
            onChange({ status });
          }}
          clearable
          error={errors.status}
        />
        <Select
          label={t('assets.filters.location')}
          placeholder={t('assets.filters.anyLocation')}
          data={keep(locationOptions, search.location_id)}
          value={search.location_id ?? null}
          onChange={(id) => {
            onChange({ location_id: id ?? undefined, ...(id ? { no_location: undefined } : {}) });
          }}
          searchable
          clearable
          clearButtonProps={{ 'aria-label': t('assets.filters.clearLocation') }}
          error={errors.location_id}
        />
        <Select
          label={t('assets.filters.brand')}
          placeholder={t('assets.filters.anyBrand')}
          data={keep(brandOptions, search.brand_id)}
          value={search.brand_id ?? null}
          onChange={(id) => {
            onChange({ brand_id: id ?? undefined, model_id: undefined });
          }}
          searchable
          clearable
          clearButtonProps={{ 'aria-label': t('assets.filters.clearBrand') }}
          error={errors.brand_id}
        />
        <Select
          label={t('assets.filters.model')}
          placeholder={t('assets.filters.anyModel')}
          data={
            search.model_id && !(models.data ?? []).some((model) => model.id === search.model_id)
              ? [...modelOptions(shownModels), { value: search.model_id, label: search.model_id }]
              : modelOptions(shownModels)
          }
          value={search.model_id ?? null}
          onChange={(id) => {
            onChange({ model_id: id ?? undefined });
          }}
          searchable
          clearable
          clearButtonProps={{ 'aria-label': t('assets.filters.clearModel') }}
          error={errors.model_id}
        />
        <PersonSelect
          label={t('assets.filters.holder')}
          value={search.holder_id ?? null}
          onChange={(id) => {
            onChange({ holder_id: id ?? undefined });
          }}
          error={errors.holder_id}
        />
        <Select
          label={t('assets.filters.critical')}
          placeholder={t('assets.filters.any')}
          data={yesNo}
          value={triState(search.critical)}
          onChange={(value) => {
            onChange({ critical: value === null ? undefined : value === 'true' });
          }}
          clearable
          clearButtonProps={{ 'aria-label': t('assets.filters.clearCritical') }}
          error={errors.critical}
        />
        <TagPicker
          label={t('assets.filters.tags')}
          value={search.tag ?? []}
          onChange={(tag) => {
            onChange({ tag });
          }}
          error={errors.tag}
        />
        <DebouncedTextInput
          label={t('inventoryAssets.filters.supplier')}
          maxLength={200}
          value={search.supplier ?? ''}
          onCommit={(supplier) => {
            onChange({ supplier });
          }}
          error={errors.supplier}
        />
        <TextInput
          type="date"
          label={t('inventoryAssets.filters.warrantyFrom')}
          value={search.warranty_from ?? ''}
          onChange={(event) => {
            onChange({ warranty_from: event.currentTarget.value || undefined });
          }}
          error={errors.warranty_from}
        />
        <TextInput
          type="date"
          label={t('inventoryAssets.filters.warrantyTo')}
          value={search.warranty_to ?? ''}
          onChange={(event) => {
            onChange({ warranty_to: event.currentTarget.value || undefined });
          }}
          error={errors.warranty_to}
        />
      </SimpleGrid>
      <Group justify="space-between">
        <Group gap="lg">
          <Switch
            label={t('assets.filters.includeArchived')}
            checked={search.include_archived ?? false}
            onChange={(event) => {
              onChange({ include_archived: event.currentTarget.checked });
            }}
          />
          <Switch
            label={t('inventoryAssets.filters.noLocation')}
            checked={search.no_location ?? false}
            onChange={(event) => {
              const checked = event.currentTarget.checked;
              onChange({ no_location: checked, ...(checked ? { location_id: undefined } : {}) });
            }}
          />
        </Group>
        {hasAssetFilters(search) ? (
          <Button variant="subtle" size="xs" leftSection={<IconFilterOff size={16} aria-hidden />} onClick={onClear}>
            {t('assets.filters.clear')}
          </Button>
        ) : null}
      </Group>
    </Stack>
  );
}

/** A column header that sorts the list by its column; screen readers hear the current order through aria-sort. */
function SortableHeader({
  column,
  sort,
  onSort,
  children,
}: {
  column: AssetSortColumn;
  sort: string | undefined;
  onSort: (sort: string) => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { direction, next } = columnSort(sort, column);
  const Icon = direction === 'ascending' ? IconArrowUp : direction === 'descending' ? IconArrowDown : IconArrowsSort;
  return (
    <Table.Th aria-sort={direction}>
      <UnstyledButton
        onClick={() => {
          onSort(next);
        }}
        fw={700}
        fz="sm"
      >
        <Group gap={4} wrap="nowrap">
          {children}
          <Icon size={14} aria-hidden style={{ opacity: direction === 'none' ? 0.4 : 1 }} />
          <VisuallyHidden>
            {next.startsWith('-') ? t('assets.list.sortDescending') : t('assets.list.sortAscending')}
          </VisuallyHidden>
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

function ColumnsMenu({
  isVisible,
  setVisible,
  reset,
}: {
  isVisible: (column: AssetColumn) => boolean;
  setVisible: (column: AssetColumn, visible: boolean) => void;
  reset: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Popover position="bottom-end" withArrow shadow="md" trapFocus>
      <Popover.Target>
        <Button variant="default" size="xs" leftSection={<IconColumns3 size={16} aria-hidden />}>
          {t('assets.columns.open')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" role="group" aria-label={t('assets.columns.label')}>
          {ASSET_COLUMNS.map((column) => (
            <Checkbox
              key={column}
              label={t(`assets.columns.${column}`)}
              checked={isVisible(column)}
              onChange={(event) => {
                setVisible(column, event.currentTarget.checked);
              }}
            />
          ))}
          <Button variant="subtle" size="compact-xs" onClick={reset}>
            {t('assets.columns.reset')}
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

function ModelCell({ asset }: { asset: Asset }) {
  const { t } = useTranslation();
  if (!asset.model_name) {
    return (
      <Text size="sm" c="dimmed">
        {t('assets.none')}
      </Text>
    );
  }
  return (
    <Stack gap={0}>
      <Text size="sm">{asset.model_name}</Text>
      {asset.brand_name ? (
        <Text size="xs" c="dimmed">
          {asset.brand_name}
        </Text>
      ) : null}
    </Stack>
  );
}

function HolderCell({ asset }: { asset: Asset }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="wrap">
      {asset.holder_name ? (
        <Text size="sm">{asset.holder_name}</Text>
      ) : asset.remote ? null : (
        <Text size="sm" c="dimmed">
          {t('assets.none')}
        </Text>
      )}
      {asset.remote ? <RemoteBadge /> : null}
    </Group>
  );
}

function Dimmed({ value }: { value: string | null | undefined }) {
  const { t } = useTranslation();
  return value ? (
    <Text size="sm">{value}</Text>
  ) : (
    <Text size="sm" c="dimmed">
      {t('assets.none')}
    </Text>
  );
}

function AssetRow({
  asset,
  isVisible,
  selected,
  onSelect,
}: {
  asset: Asset;
  isVisible: (column: AssetColumn) => boolean;
  selected: boolean;
  /** Absent for who may not change assets: no selection column. */
  onSelect?: (asset: Asset, selected: boolean) => void;
}) {
  return (
    <Table.Tr data-asset-id={asset.id} bg={selected ? 'var(--mantine-primary-color-light)' : undefined}>
      {onSelect ? <AssetSelectCell asset={asset} checked={selected} onChange={onSelect} /> : null}
      <Table.Td>
        <RouterAnchor to="/assets/$id" params={{ id: asset.id }} size="sm" fw={500}>
          {asset.name}
        </RouterAnchor>
        {asset.critical || asset.archived_at ? (
          <Group gap={4} mt={2}>
            {asset.critical ? <CriticalBadge /> : null}
            {asset.archived_at ? <ArchivedBadge /> : null}
          </Group>
        ) : null}
      </Table.Td>
      {isVisible('asset_tag') ? (
        <Table.Td>{asset.asset_tag ? <Code>{asset.asset_tag}</Code> : <Dimmed value={null} />}</Table.Td>
      ) : null}
      {isVisible('serial') ? (
        <Table.Td>
          <Dimmed value={asset.serial} />
        </Table.Td>
      ) : null}
      {isVisible('status') ? (
        <Table.Td>
          <AssetStatusBadge status={asset.status} />
        </Table.Td>
      ) : null}
      {isVisible('model') ? (
        <Table.Td>
          <ModelCell asset={asset} />
        </Table.Td>
      ) : null}
      {isVisible('location') ? (
        <Table.Td>
          <Dimmed value={asset.location_name} />
        </Table.Td>
      ) : null}
      {isVisible('holder') ? (
        <Table.Td>
          <HolderCell asset={asset} />
        </Table.Td>
      ) : null}
      {isVisible('warranty_end') ? (
        <Table.Td>
          <WarrantyEnd value={asset.warranty_end} />
        </Table.Td>
      ) : null}
      {isVisible('purchase_date') ? (
        <Table.Td>
          <Day value={asset.purchase_date} style={{ whiteSpace: 'nowrap' }} />
        </Table.Td>
      ) : null}
      {isVisible('tags') ? (
        <Table.Td>
          <TagBadges tags={asset.tags} />
        </Table.Td>
      ) : null}
      {isVisible('created_at') ? (
        <Table.Td>
          <AuditTime value={asset.created_at} size="xs" style={{ whiteSpace: 'nowrap' }} />
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}

/** Assets: the fleet, filtered, sorted and paged by the server; filters in the address, columns in this browser. */
export function AssetsPage() {
  const { t, i18n } = useTranslation();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const me = useMe();
  const writer = can(me.data, 'assets', 'write');
  const query = useAssets(search);
  const { items: assets, total } = flattenPages(query.data?.pages);
  const [creating, setCreating] = useState(false);
  const columns = useAssetColumns();

  // The selection survives "load more" and a new sort, not a change of filters (the rows it named may be gone).
  const key = filtersKey(search);
  const [selection, setSelection] = useState<{ key: string; assets: ReadonlyMap<string, Asset> }>({
    key,
    assets: NO_SELECTION,
  });
  const selected = writer && selection.key === key ? selection.assets : NO_SELECTION;
  const select = (assets: ReadonlyMap<string, Asset>) => {
    setSelection({ key, assets });
  };
  const selectRow = (asset: Asset, checked: boolean) => {
    const next = new Map(selected);
    if (checked) next.set(asset.id, asset);
    else next.delete(asset.id);
    select(next);
  };
  const selectShown = (checked: boolean) => {
    const next = new Map(selected);
    for (const asset of assets) {
      if (checked) next.set(asset.id, asset);
      else next.delete(asset.id);
    }
    select(next);
  };
  const selectedShown = assets.reduce((count, asset) => (selected.has(asset.id) ? count + 1 : count), 0);

  const update = (patch: Partial<AssetSearch>) => {
    void navigate({ search: (previous) => mergeAssetSearch(previous, patch), replace: true });
  };
  const clearFilters = () => {
    void navigate({ search: search.sort ? { sort: search.sort } : {}, replace: true });
  };
  const sortBy = (sort: string) => {
    update({ sort });
  };

  // A 400 names the parameter it refused: show it on that filter.
  const fieldErrors = useMemo(() => {
    const errors: Partial<Record<keyof AssetSearch, string>> = {};
    if (query.isError) {
      for (const error of toApiError(query.error).errors) {
        errors[normalizeFieldPath(error.field).split('.')[0] as keyof AssetSearch] ??= fieldErrorMessage(error);
      }
    }
    return errors;
  }, [query.isError, query.error]);

  const filtered = hasAssetFilters(search);
  const updating = query.isPlaceholderData;
  const number = new Intl.NumberFormat(i18n.language);
  const header = (column: AssetColumn, label: string, sortable?: AssetSortColumn) =>
    columns.isVisible(column) ? (
      sortable ? (
        <SortableHeader key={column} column={sortable} sort={search.sort} onSort={sortBy}>
          {label}
        </SortableHeader>
      ) : (
        <Table.Th key={column}>{label}</Table.Th>
      )
    ) : null;

  return (
    <Page
      title={t('assets.list.title')}
      description={t('assets.list.description')}
      actions={
        <Group gap="xs">
          <ImportExportActions entity="asset" />
          {writer ? (
            <Button
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() => {
                setCreating(true);
              }}
            >
              {t('assets.create.open')}
            </Button>
          ) : null}
        </Group>
      }
    >
      <Card withBorder padding="md" radius="md">
        <AssetFilters search={search} onChange={update} onClear={clearFilters} errors={fieldErrors} />
      </Card>

      {search.holder_id ? <EquipmentReport key={search.holder_id} personId={search.holder_id} /> : null}

      {query.isError && query.data === undefined ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : null}

      {query.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label={t('common.loading')}>
          {Array.from({ length: 6 }, (_, index) => (
            <Skeleton key={index} height={36} radius="sm" />
          ))}
        </Stack>
      ) : null}

      {query.data !== undefined && assets.length === 0 ? (
        <EmptyState
          icon={<IconDevices size={32} aria-hidden />}
          title={filtered ? t('assets.empty.filteredTitle') : t('assets.empty.title')}
          description={filtered ? t('assets.empty.filteredBody') : writer ? t('assets.empty.bodyWriter') : t('assets.empty.body')}
        >
          {filtered ? (
            <EmptyState.Actions>
              <Button variant="default" onClick={clearFilters}>
                {t('assets.filters.clear')}
              </Button>
            </EmptyState.Actions>
          ) : writer ? (
            <EmptyState.Actions>
              <Button
                variant="default"
                onClick={() => {
                  setCreating(true);
                }}
              >
                {t('assets.create.open')}
              </Button>
            </EmptyState.Actions>
          ) : null}
        </EmptyState>
      ) : null}

      {assets.length > 0 ? (
        <Stack gap="sm">
          <Group justify={selected.size > 0 ? 'space-between' : 'flex-end'} align="flex-start" wrap="nowrap">
            {selected.size > 0 ? (
              <AssetBulkToolbar selected={selected} showRestore={search.include_archived ?? false} onSelect={select} />
            ) : null}
            <ColumnsMenu isVisible={columns.isVisible} setVisible={columns.setVisible} reset={columns.reset} />
          </Group>
          <Table.ScrollContainer minWidth={1000}>
            <Table
              highlightOnHover
              verticalSpacing="xs"
              aria-label={t('assets.list.tableLabel')}
              aria-busy={updating}
              style={{ opacity: updating ? 0.6 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  {writer ? (
                    <SelectAllHeader
                      shown={assets.length}
                      selected={selectedShown}
                      label={t('assets.bulk.selectAll')}
                      onChange={selectShown}
                    />
                  ) : null}
                  <SortableHeader column="name" sort={search.sort} onSort={sortBy}>
                    {t('assets.fields.name')}
                  </SortableHeader>
                  {header('asset_tag', t('assets.fields.asset_tag'), 'asset_tag')}
                  {header('serial', t('assets.fields.serial'))}
                  {header('status', t('assets.fields.status'), 'status')}
                  {header('model', t('assets.fields.model'))}
                  {header('location', t('assets.fields.location'))}
                  {header('holder', t('assets.fields.holder'))}
                  {header('warranty_end', t('assets.fields.warranty_end'), 'warranty_end')}
                  {header('purchase_date', t('assets.fields.purchase_date'), 'purchase_date')}
                  {header('tags', t('assets.fields.tags'))}
                  {header('created_at', t('assets.fields.created_at'), 'created_at')}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {assets.map((asset) => (
                  <AssetRow
                    key={asset.id}
                    asset={asset}
                    isVisible={columns.isVisible}
                    selected={selected.has(asset.id)}
                    onSelect={writer ? selectRow : undefined}
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
                {t('assets.list.count', { shown: number.format(assets.length), total: number.format(total), count: total })}
              </Text>
              {updating ? <Loader size="xs" aria-label={t('common.loading')} /> : null}
            </Group>
            {query.hasNextPage ? (
              <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                {t('assets.list.loadMore')}
              </Button>
            ) : null}
          </Group>
        </Stack>
      ) : null}

      {writer ? (
        <CreateAssetModal
          opened={creating}
          onClose={() => {
            setCreating(false);
          }}
        />
      ) : null}
    </Page>
  );
}
